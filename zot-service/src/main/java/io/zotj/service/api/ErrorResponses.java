package io.zotj.service.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.spi.storage.StorageFullException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every failure as the spec's error body, {@code {"errors":[{code, message, detail}]}}.
 *
 * <p>Refused requests are logged at DEBUG. Faults of the registry are logged at ERROR with an
 * error id that the client also receives in the detail, and never with request bodies.
 */
@Provider
public final class ErrorResponses implements ExceptionMapper<Throwable> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  /** How much of an unread request body is read and dropped to keep the connection usable. */
  static final long DRAIN_LIMIT = 8L * 1024 * 1024;

  @Context private HttpHeaders request;
  @Context private HttpServletRequest servletRequest;

  /**
   * Answers the failure. A refusal may leave the request's body unread; then up to
   * {@link #DRAIN_LIMIT} bytes of it are read and dropped first, so that a client still sending
   * receives the answer and may reuse the connection. A longer body gets the answer with
   * {@code Connection: close}: otherwise the server would drop the connection itself once it
   * found the unread bytes, and a client that reused it would see its next request fail.
   */
  @Override
  public Response toResponse(Throwable failure) {
    Response response = answer(failure);
    return mayLeaveBodyUnread() && !drained()
        ? Response.fromResponse(response).header("Connection", "close").build() : response;
  }

  private boolean drained() {
    try {
      InputStream body = servletRequest.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while (total <= DRAIN_LIMIT && (n = body.read(buffer)) >= 0) {
        total += n;
      }
      return total <= DRAIN_LIMIT;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private boolean mayLeaveBodyUnread() {
    try {
      String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
      return request.getHeaderString("Transfer-Encoding") != null
          || (length != null && !length.trim().equals("0"));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private Response answer(Throwable failure) {
    if (failure instanceof RegistryException e) {
      LOG.debug("Refused: {} {} {}", e.code(), e.getMessage(), e.detail());
      Response.ResponseBuilder response = body(e.status(), e.code(), e.getMessage(), e.detail());
      e.headers().forEach(response::header);
      return response.build();
    }
    if (failure instanceof WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status < 500) {
        LOG.debug("Refused by the HTTP layer: {}", e.getMessage());
        OciError code = switch (status) {
          case 404 -> OciError.NAME_UNKNOWN;
          case 401 -> OciError.UNAUTHORIZED;
          case 403 -> OciError.DENIED;
          default -> OciError.UNSUPPORTED;
        };
        return body(status, code, e.getMessage(), null).build();
      }
    }
    String errorId = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    if (failure instanceof StorageFullException) {
      LOG.error("Storage full (error id {}): {}", errorId, failure.getMessage());
      return body(507, OciError.STORAGE_FULL, OciError.STORAGE_FULL.message(),
          Map.of("errorId", errorId)).build();
    }
    LOG.error("Request failed (error id {})", errorId, failure);
    return body(500, OciError.INTERNAL_ERROR, OciError.INTERNAL_ERROR.message(),
        Map.of("errorId", errorId)).build();
  }

  static Response.ResponseBuilder body(int status, OciError code, String message, Object detail) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode errors = root.putArray("errors");
    ObjectNode error = errors.addObject();
    error.put("code", code.name());
    error.put("message", message == null ? code.message() : message);
    if (detail != null) {
      error.set("detail", new POJONode(detail));
    }
    return Response.status(status).entity(ManifestEndpoints.write(root))
        .type("application/json");
  }
}

package io.zotj.service.api;

import io.zotj.service.oci.OciError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches the API (a path that climbs above the
 * root, a malformed request line or header, a method the server does not allow) in the same
 * shape as the API's own: an OCI error body and the API version header, never an HTML page.
 */
public final class JettyErrors extends ErrorHandler {

  /** Every method gets a body, not only GET and POST as Jetty's default has it. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int status, String message,
      Throwable cause, Callback callback) {
    HttpFields.Mutable headers = response.getHeaders();
    ByteBuffer body = ByteBuffer.wrap(body(status, message, !isPathProblem(request)));
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.put(Headers.API_VERSION, Headers.API_VERSION_VALUE);
    headers.put(HttpHeader.CONTENT_LENGTH, body.remaining());
    response.write(true, body, callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(Headers.API_VERSION, Headers.API_VERSION_VALUE);
    return ByteBuffer.wrap(body(status, reason, true));
  }

  /**
   * Whether Jetty refused the request's path: one it could not resolve (a dot segment climbing
   * above the root), which it replaces with {@code /badMessage}, or one with encoded dots or
   * slashes.
   */
  private static boolean isPathProblem(Request request) {
    org.eclipse.jetty.http.HttpURI uri = request.getHttpURI();
    String path = uri == null || uri.getPath() == null ? "" : uri.getPath();
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    return path.equals("/badMessage") || lower.contains("/..") || lower.contains("%2e")
        || lower.contains("%2f");
  }

  /**
   * The body for a status. A 400 for a path the registry cannot resolve (a name that climbs
   * above the root) is NAME_INVALID; a 400 for a message Jetty could not parse is not.
   */
  private static byte[] body(int status, String message, boolean malformedMessage) {
    OciError code = switch (status) {
      case 400 -> malformedMessage ? OciError.UNSUPPORTED : OciError.NAME_INVALID;
      case 401 -> OciError.UNAUTHORIZED;
      case 403 -> OciError.DENIED;
      case 404 -> OciError.NAME_UNKNOWN;
      case 429 -> OciError.TOOMANYREQUESTS;
      default -> status >= 500 ? OciError.INTERNAL_ERROR : OciError.UNSUPPORTED;
    };
    String text = message == null || message.isBlank() ? code.message() : message;
    return ("{\"errors\":[{\"code\":\"" + code.name() + "\",\"message\":\""
        + text.replaceAll("[^ -~]", "?").replace("\\", "\\\\").replace("\"", "'")
        + "\"}]}").getBytes(StandardCharsets.UTF_8);
  }
}

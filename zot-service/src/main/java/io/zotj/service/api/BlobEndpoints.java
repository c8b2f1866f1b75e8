package io.zotj.service.api;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.RepositoryName;
import io.zotj.service.store.BlobStore;
import io.zotj.service.store.ContentRange;
import io.zotj.service.store.RegistryStore;
import io.zotj.service.store.UploadSession;
import io.zotj.service.store.UploadSessions;
import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.StorageException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.glassfish.jersey.message.internal.CommittingOutputStream;

/** Blob pulls, deletes and the upload protocol (monolithic, chunked, streamed, mounts). */
final class BlobEndpoints {

  private static final String OCTET_STREAM = "application/octet-stream";

  private final RegistryStore store;
  private final BlobStore blobs;
  private final UploadSessions uploads;

  BlobEndpoints(RegistryStore store) {
    this.store = store;
    this.blobs = store.blobs();
    this.uploads = store.uploads();
  }

  Response head(Route.Blob route) throws StorageException {
    long size = blobs.require(route.name(), route.digest());
    return Response.ok().type(OCTET_STREAM)
        .header(HttpHeaders.CONTENT_LENGTH, size)
        .header(Headers.CONTENT_DIGEST, route.digest())
        .header("Accept-Ranges", "bytes").build();
  }

  /**
   * The blob or the requested range of it. {@code servlet} is the response under Jersey's: its
   * output, when it is Jetty's, sends straight from the file's channel, without copying the
   * bytes through the heap.
   */
  Response get(Route.Blob route, HttpHeaders headers, HttpServletResponse servlet)
      throws StorageException {
    FileInfo file = blobs.file(route.name(), route.digest());
    long size = file.size();
    ByteRange range = ByteRange.resolve(headers.getHeaderString(Headers.RANGE), size);
    long offset = range == null ? 0 : range.start();
    long length = range == null ? size : range.length();
    ReadableByteChannel in = blobs.open(route.name(), route.digest(), file, offset, length);
    StreamingOutput body = out -> send(in, out, servlet);
    Response.ResponseBuilder response = range == null ? Response.ok(body)
        : Response.status(206).entity(body).header(Headers.CONTENT_RANGE,
            range.contentRange(size));
    return response.type(OCTET_STREAM)
        .header(HttpHeaders.CONTENT_LENGTH, length)
        .header(Headers.CONTENT_DIGEST, route.digest())
        .header("Accept-Ranges", "bytes").build();
  }

  Response delete(Route.Blob route) throws StorageException {
    store.deleteBlob(route.name(), route.digest());
    return Response.accepted().header(HttpHeaders.CONTENT_LENGTH, 0).build();
  }

  /**
   * POST: a mount, a whole blob with {@code ?digest=}, or a new session. A mount only takes a
   * blob from a repository {@code readable} accepts; otherwise a normal session opens.
   */
  Response start(Route.Uploads route, MultivaluedMap<String, String> query, HttpHeaders headers,
      InputStream body, Predicate<String> readable) throws StorageException {
    RepositoryName name = route.name();
    String mount = query.getFirst("mount");
    if (mount != null) {
      Digest digest = Digest.parse(mount);
      String from = query.getFirst("from");
      // A source that is no valid name, or one the caller may not read, cannot give the blob:
      // like any failed mount, the request falls back to an ordinary upload session.
      Optional<RepositoryName> source = from == null ? blobs.findAnywhere(digest, readable)
          : Optional.of(from).filter(RepositoryName::isValid).map(RepositoryName::parse)
              .filter(r -> readable.test(r.value()));
      if (source.isPresent() && blobs.mount(source.get(), name, digest)) {
        return created(name, digest);
      }
    }
    String digestParam = query.getFirst("digest");
    if (digestParam != null) {
      Digest digest = Digest.parse(digestParam);
      uploads.putWhole(name, digest, body, contentLength(headers));
      return created(name, digest);
    }
    UploadSession session = uploads.start(name);
    return sessionResponse(Response.accepted(), session);
  }

  Response patch(Route.Upload route, HttpHeaders headers, InputStream body)
      throws StorageException {
    UploadSession session = uploads.append(route.name(), route.id(), body,
        ContentRange.parse(headers.getHeaderString(Headers.CONTENT_RANGE)),
        contentLength(headers));
    return sessionResponse(Response.accepted(), session);
  }

  Response complete(Route.Upload route, MultivaluedMap<String, String> query,
      HttpHeaders headers, InputStream body) throws StorageException {
    String digestParam = query.getFirst("digest");
    if (digestParam == null) {
      throw RegistryException.of(OciError.DIGEST_INVALID, "the digest query parameter is "
          + "required to complete an upload", "session", route.id());
    }
    Digest digest = Digest.parse(digestParam);
    uploads.complete(route.name(), route.id(), digest, body,
        ContentRange.parse(headers.getHeaderString(Headers.CONTENT_RANGE)),
        contentLength(headers));
    return created(route.name(), digest);
  }

  Response status(Route.Upload route) throws StorageException {
    return sessionResponse(Response.noContent(), uploads.status(route.name(), route.id()));
  }

  Response cancel(Route.Upload route) throws StorageException {
    uploads.cancel(route.name(), route.id());
    return Response.noContent().build();
  }

  private static Response created(RepositoryName name, Digest digest) {
    return Response.status(201)
        .header(Headers.LOCATION, "/v2/" + name + "/blobs/" + digest)
        .header(Headers.CONTENT_DIGEST, digest)
        .header(HttpHeaders.CONTENT_LENGTH, 0).build();
  }

  private static Response sessionResponse(Response.ResponseBuilder builder,
      UploadSession session) {
    return builder
        .header(Headers.LOCATION, "/v2/" + session.repository() + "/blobs/uploads/"
            + session.id())
        .header(Headers.RANGE, session.range())
        .header(Headers.UPLOAD_UUID, session.id())
        .header(HttpHeaders.CONTENT_LENGTH, 0).build();
  }

  /** The request's Content-Length, or -1 when the body is streamed without one. */
  static long contentLength(HttpHeaders headers) {
    String value = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new RegistryException(OciError.SIZE_INVALID, "invalid Content-Length", null);
    }
  }

  /**
   * Sends the whole channel. Committing Jersey's stream first has it set the status and
   * headers; then the file is read into direct buffers that Jetty's own output hands to the
   * socket as they are, without copying the bytes through the heap. Any other container gets
   * them through Jersey's stream.
   */
  private static void send(ReadableByteChannel in, OutputStream out,
      HttpServletResponse servlet) throws IOException {
    try (in) {
      if (out instanceof CommittingOutputStream jersey && servlet != null
          && servlet.getOutputStream() instanceof HttpOutput jetty) {
        jersey.commit();
        ByteBuffer buffer = SendBuffers.take();
        try {
          while (in.read(buffer.clear()) >= 0) {
            jetty.write(buffer.flip());
          }
        } finally {
          SendBuffers.give(buffer);
        }
        return;
      }
      ByteBuffer buffer = ByteBuffer.allocate(SendBuffers.SIZE);
      while (in.read(buffer.clear()) >= 0) {
        out.write(buffer.array(), 0, buffer.position());
      }
    }
  }
}

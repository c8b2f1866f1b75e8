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
import io.zotj.spi.storage.StorageException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Predicate;

/** Blob pulls, deletes and the upload protocol (monolithic, chunked, streamed, mounts). */
final class BlobEndpoints {

  private static final int COPY_BUFFER = 256 * 1024;
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

  Response get(Route.Blob route, HttpHeaders headers) throws StorageException {
    long size = blobs.require(route.name(), route.digest());
    ByteRange range = ByteRange.resolve(headers.getHeaderString(Headers.RANGE), size);
    long offset = range == null ? 0 : range.start();
    long length = range == null ? size : range.length();
    InputStream in = blobs.open(route.name(), route.digest(), offset);
    StreamingOutput body = out -> copy(in, out, length);
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

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    try (in) {
      byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("blob ended " + left + " bytes early");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}

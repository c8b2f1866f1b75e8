package io.zotj.service.oci;

/**
 * The error codes of the OCI Distribution Spec, each with the HTTP status the registry answers
 * with and the spec's message.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">
 *     distribution-spec error codes</a>
 */
public enum OciError {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN(404, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests"),
  /** Not a spec code (Distribution's): the {@code n} of a paginated list is not a number. */
  PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
  /** Not a spec code: an invalid Range header or chunk position, answered with 416. */
  RANGE_INVALID(416, "requested range not satisfiable"),
  /** Not a spec code: a fault of the registry itself; the detail carries the error id. */
  INTERNAL_ERROR(500, "internal server error"),
  /** Not a spec code: the storage medium is full. */
  STORAGE_FULL(507, "insufficient storage");

  private final int status;
  private final String message;

  OciError(int status, String message) {
    this.status = status;
    this.message = message;
  }

  public int status() {
    return status;
  }

  public String message() {
    return message;
  }
}

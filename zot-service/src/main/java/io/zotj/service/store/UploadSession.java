package io.zotj.service.store;

import io.zotj.service.oci.RepositoryName;

/**
 * An upload in progress: its repository, its id (the last segment of its URL) and how many bytes
 * it holds.
 */
public record UploadSession(RepositoryName repository, String id, long size) {

  /** The {@code Range} header value for this session: {@code 0-<last byte>}. */
  public String range() {
    return "0-" + Math.max(0, size - 1);
  }
}

package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import io.zotj.spi.storage.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** The digest of bytes as stored: a file of the store, read through its driver. */
final class ContentHash {

  private static final int BUFFER_BYTES = 256 * 1024;

  private ContentHash() {}

  /**
   * Reads {@code path} to its end and hashes it.
   *
   * @throws io.zotj.spi.storage.PathNotFoundException when there is no such file
   * @throws IOException when the medium fails (a {@code StorageException}) or the read breaks off
   */
  static Digest of(StorageDriver driver, String path, Digest.Algorithm algorithm)
      throws IOException {
    MessageDigest md = algorithm.newMessageDigest();
    try (InputStream in = driver.read(path, 0)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
    }
    return Digest.fromMessageDigest(algorithm, md);
  }
}

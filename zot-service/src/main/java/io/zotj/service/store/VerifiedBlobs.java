package io.zotj.service.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.zotj.spi.storage.FileInfo;

/**
 * Blob files known to hold the bytes their name promises: files this process hashed as it wrote
 * them, and files it has served whole and found right. A file is trusted only while its size and
 * modification time stay as they were, so a file changed behind the registry's back is hashed
 * again when next served whole; bit rot that leaves both alone is scrub's to find.
 */
final class VerifiedBlobs {

  private final Cache<String, Boolean> known =
      Caffeine.newBuilder().maximumSize(200_000).build();

  boolean trusted(String path, FileInfo info) {
    return known.getIfPresent(stamp(path, info)) != null;
  }

  void trust(String path, FileInfo info) {
    known.put(stamp(path, info), Boolean.TRUE);
  }

  private static String stamp(String path, FileInfo info) {
    return path + '|' + info.size() + '|' + info.modified();
  }
}

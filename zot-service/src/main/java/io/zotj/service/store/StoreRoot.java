package io.zotj.service.store;

import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.storage.StorageDriver;
import java.nio.file.Path;

/**
 * One storage root: the global one (prefix empty) or a subPath's, with its own driver, dedupe
 * index and settings. A repository belongs to the root with the longest prefix that names it or
 * one of its parent paths.
 *
 * @param prefix the repository path prefix without slashes around it; empty for the global root
 * @param cache the dedupe index, or null when the root has none
 */
public record StoreRoot(String prefix, Path directory, StorageDriver driver, CacheDriver cache,
    StoreSettings settings) {

  /** Whether repository {@code repo} lives under this root's prefix. */
  public boolean holds(RepositoryName repo) {
    return holds(repo.value());
  }

  boolean holds(String path) {
    return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
  }

  /**
   * How zot names this root in its storage metrics: the root directory as configured; the label
   * for a root without one (a store built in memory by tests).
   */
  public String storageName() {
    return directory == null ? label() : directory.toString();
  }

  /** How this root is named in logs: {@code /a} or {@code (global)}. */
  public String label() {
    return prefix.isEmpty() ? "(global)" : "/" + prefix;
  }
}

package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.cache.CacheException;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob sharing within a storage root, through the root's dedupe index: where a pushed blob's
 * bytes already are, what each repository's blob file is a name of. The index is a hint, checked
 * before use: a stale or lost entry costs a copy, never a blob.
 *
 * <p>It also remembers when each blob was last given to a repository, because a hard link keeps
 * the modification time of the first copy and GC must not take a blob mounted a moment ago.
 */
final class Dedupe {

  private static final Logger LOG = LoggerFactory.getLogger(Dedupe.class);

  private final StorageDriver driver;
  private final StoreRoots roots;
  private final ConcurrentHashMap<String, Instant> lastGiven = new ConcurrentHashMap<>();

  Dedupe(StorageDriver driver, StoreRoots roots) {
    this.driver = driver;
    this.roots = roots;
  }

  /** A file of the same root holding {@code digest} that {@code repo}'s copy can share. */
  Optional<String> sourceFor(RepositoryName repo, Digest digest) throws StorageException {
    StoreRoot root = roots.of(repo);
    if (!root.settings().dedupe() || root.cache() == null) {
      return Optional.empty();
    }
    String target = StoreLayout.blob(repo, digest);
    try {
      // the canonical copy is nearly always there: one lookup, however many repositories share
      Optional<String> canonical = root.cache().canonical(digest.toString());
      if (canonical.isPresent() && !canonical.get().equals(target)
          && root.holds(canonical.get()) && driver.stat(canonical.get()).isPresent()) {
        return canonical;
      }
      for (String location : root.cache().locations(digest.toString())) {
        if (location.equals(target)) {
          continue;
        }
        if (root.holds(location) && driver.stat(location).isPresent()) {
          return Optional.of(location);
        }
        root.cache().remove(digest.toString(), location);
      }
    } catch (CacheException e) {
      LOG.warn("Dedupe index of {} failed; storing {} as a copy: {}", root.label(), digest,
          e.getMessage());
    }
    return Optional.empty();
  }

  /** Some repository of any root that the index says holds {@code digest}. */
  Optional<RepositoryName> anyHolder(Digest digest,
      java.util.function.Predicate<String> readable) throws StorageException {
    for (StoreRoot root : roots.all()) {
      if (root.cache() == null) {
        continue;
      }
      for (String location : root.cache().locations(digest.toString())) {
        int blobs = location.lastIndexOf("/" + StoreLayout.BLOBS + "/");
        String repo = blobs > 0 ? location.substring(0, blobs) : null;
        if (repo != null && RepositoryName.isValid(repo) && readable.test(repo)
            && driver.stat(location).isPresent()) {
          return Optional.of(new RepositoryName(repo));
        }
      }
    }
    return Optional.empty();
  }

  /** Records that {@code repo} now holds {@code digest}. */
  void given(RepositoryName repo, Digest digest) {
    String location = StoreLayout.blob(repo, digest);
    lastGiven.put(location, Instant.now());
    StoreRoot root = roots.of(repo);
    CacheDriver cache = root.cache();
    if (cache != null && root.settings().dedupe()) {
      try {
        cache.put(digest.toString(), location);
      } catch (CacheException e) {
        LOG.warn("Dedupe index could not record {}: {}", location, e.getMessage());
      }
    }
  }

  /** Records that {@code repo} no longer holds {@code digest}. */
  void taken(RepositoryName repo, Digest digest) {
    String location = StoreLayout.blob(repo, digest);
    lastGiven.remove(location);
    CacheDriver cache = roots.of(repo).cache();
    if (cache != null) {
      try {
        cache.remove(digest.toString(), location);
      } catch (CacheException e) {
        LOG.warn("Dedupe index could not forget {}: {}", location, e.getMessage());
      }
    }
  }

  /** When the blob file at {@code location} was last given to its repository, if recently. */
  Optional<Instant> lastGiven(String location) {
    return Optional.ofNullable(lastGiven.get(location));
  }

  /** Forgets given-times older than {@code cutoff}; they no longer protect anything. */
  void forgetGivenBefore(Instant cutoff) {
    lastGiven.values().removeIf(t -> t.isBefore(cutoff));
  }
}

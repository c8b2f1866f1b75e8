package io.zotj.service.store;

import io.zotj.service.oci.Descriptor;
import io.zotj.service.oci.Digest;
import io.zotj.service.oci.Manifest;
import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online garbage collection with zot's semantics, for the repositories of roots whose {@code gc}
 * is on: manifests neither tagged nor listed by an index nor referring to a present subject,
 * referrers whose subject is gone, blobs no remaining manifest references, and upload sessions
 * idle for longer than the delay. Nothing whose file (or whose last mount) is younger than the
 * root's {@code gcDelay} is removed, so a layer pushed before its manifest always survives.
 *
 * <p>A repository's blobs are judged and removed under its lock, which a manifest push also
 * holds while it checks its blobs and records itself: a push never loses a blob it relied on.
 */
public final class GarbageCollector {

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  /** Removing a manifest can orphan others (an index's children, referrers of referrers). */
  private static final int MAX_MANIFEST_PASSES = 16;

  private final RegistryStore store;

  public GarbageCollector(RegistryStore store) {
    this.store = store;
  }

  /** What one run did. */
  public record Result(int repositories, long blobsExamined, int manifestsRemoved,
      int blobsRemoved, long bytesFreed, int uploadsRemoved, Duration took) {

    public String summary() {
      return String.format("GC: examined %d repositories and %d blobs; removed %d manifests, "
          + "%d blobs (%d bytes freed) and %d idle uploads in %d ms", repositories,
          blobsExamined, manifestsRemoved, blobsRemoved, bytesFreed, uploadsRemoved,
          took.toMillis());
    }
  }

  private static final class Counts {
    int repositories;
    long examined;
    int manifests;
    int blobs;
    long bytes;
    int uploads;
  }

  /** Collects every repository of every root with GC on; logs one INFO line. */
  public Result run() throws StorageException {
    return run(store.catalog());
  }

  /** Collects the given repositories (those of roots with GC on); logs one INFO line. */
  public synchronized Result run(List<String> repositories) throws StorageException {
    long start = System.nanoTime();
    Counts counts = new Counts();
    for (String name : repositories) {
      RepositoryName repo = new RepositoryName(name);
      StoreRoot root = store.roots().of(repo);
      if (root.settings().gc()) {
        collect(repo, root.settings().gcDelay(), counts);
      }
    }
    Result result = new Result(counts.repositories, counts.examined, counts.manifests,
        counts.blobs, counts.bytes, counts.uploads, Duration.ofNanos(System.nanoTime() - start));
    LOG.info(result.summary());
    return result;
  }

  private void collect(RepositoryName repo, Duration delay, Counts counts)
      throws StorageException {
    counts.repositories++;
    Instant cutoff = Instant.now().minus(delay);
    for (int pass = 0; pass < MAX_MANIFEST_PASSES; pass++) {
      int removed = removeManifests(repo, cutoff);
      counts.manifests += removed;
      if (removed == 0) {
        break;
      }
    }
    store.repositories().locked(repo, () -> {
      removeBlobs(repo, cutoff, counts);
      return null;
    });
    counts.uploads += store.uploads().expire(repo, delay);
    store.dedupe().forgetGivenBefore(cutoff);
  }

  private int removeManifests(RepositoryName repo, Instant cutoff) throws StorageException {
    return store.repositories().locked(repo, () -> {
      RepoIndex index = store.repositories().index(repo);
      if (unreadable(repo, index)) {
        return 0;
      }
      Set<Digest> present = new HashSet<>();
      Set<Digest> listedByIndexes = new HashSet<>();
      for (RepoIndex.Entry entry : index.entries()) {
        present.add(entry.descriptor().digest());
        Optional<Manifest> m = store.manifests().parsed(repo, entry.descriptor());
        m.ifPresent(man -> man.manifests().forEach(c -> listedByIndexes.add(c.digest())));
      }
      Set<Digest> drop = new HashSet<>();
      for (RepoIndex.Entry entry : index.entries()) {
        Descriptor d = entry.descriptor();
        Optional<Manifest> m = store.manifests().parsed(repo, d);
        Optional<Descriptor> subject = m.flatMap(Manifest::subject);
        boolean orphanReferrer = subject.isPresent() && !present.contains(subject.get().digest());
        boolean untagged = entry.tag() == null && subject.isEmpty()
            && !listedByIndexes.contains(d.digest()) && index.tagsOf(d.digest()).isEmpty();
        if ((orphanReferrer || untagged) && old(repo, d.digest(), cutoff)) {
          drop.add(d.digest());
        }
      }
      if (!drop.isEmpty()) {
        store.repositories().update(repo, i -> i.withoutManifests(drop));
        LOG.debug("GC removed manifests {} of {}", drop, repo);
      }
      return drop.size();
    });
  }

  /**
   * Whether a manifest the repository lists cannot be read (missing, damaged, unparsable): then
   * nothing in the repository is removed, since what that manifest references is unknown. Scrub
   * names the damage; a push of the manifest again mends it.
   */
  private boolean unreadable(RepositoryName repo, RepoIndex index) throws StorageException {
    for (RepoIndex.Entry entry : index.entries()) {
      if (store.manifests().parsed(repo, entry.descriptor()).isEmpty()) {
        LOG.warn("GC: skipping {}: its manifest {} cannot be read, so what it references is "
            + "unknown; nothing in the repository is removed (run scrub)", repo,
            entry.descriptor().digest());
        return true;
      }
    }
    return false;
  }

  private void removeBlobs(RepositoryName repo, Instant cutoff, Counts counts)
      throws StorageException {
    RepoIndex index = store.repositories().index(repo);
    if (unreadable(repo, index)) {
      return;
    }
    Set<Digest> referenced = new HashSet<>();
    for (RepoIndex.Entry entry : index.entries()) {
      referenced.add(entry.descriptor().digest());
      store.manifests().parsed(repo, entry.descriptor()).ifPresent(m -> {
        m.blobs().forEach(b -> referenced.add(b.digest()));
        m.manifests().forEach(c -> referenced.add(c.digest()));
      });
    }
    String blobsDir = repo.value() + "/" + StoreLayout.BLOBS;
    for (String algorithm : store.driver().list(blobsDir)) {
      for (String hex : store.driver().list(blobsDir + "/" + algorithm)) {
        counts.examined++;
        if (!Digest.looksLikeDigest(algorithm + ":" + hex)) {
          continue;
        }
        Digest digest;
        try {
          digest = Digest.parse(algorithm + ":" + hex);
        } catch (RuntimeException e) {
          continue;
        }
        if (referenced.contains(digest) || !old(repo, digest, cutoff)) {
          continue;
        }
        String path = StoreLayout.blob(repo, digest);
        long size = store.driver().stat(path).map(FileInfo::size).orElse(0L);
        // a name whose bytes other repositories still hold (a hard link) frees nothing
        int names = store.driver().links(path);
        if (store.driver().delete(path)) {
          store.dedupe().taken(repo, digest);
          counts.blobs++;
          counts.bytes += names <= 1 ? size : 0;
        }
      }
    }
  }

  /** Whether the blob file is older than the cutoff, by its time and its last mount. */
  private boolean old(RepositoryName repo, Digest digest, Instant cutoff)
      throws StorageException {
    String path = StoreLayout.blob(repo, digest);
    Optional<FileInfo> info = store.driver().stat(path);
    if (info.isEmpty() || !info.get().modified().isBefore(cutoff)) {
      return info.isEmpty();
    }
    return store.dedupe().lastGiven(path).map(t -> t.isBefore(cutoff)).orElse(true);
  }
}

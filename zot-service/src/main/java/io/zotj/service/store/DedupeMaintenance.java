package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a root's blobs in line with its {@code dedupe} setting, in the background while the
 * registry serves, and restartable: with dedupe on, an index that is new (first start, lost or
 * deleted file, dedupe just turned on) is rebuilt from the blobs on disk and equal blobs become
 * one; with dedupe off, a root that was deduped gives every repository its own copy again, after
 * checking that the disk has room. A key in the index itself marks a finished rebuild, so an
 * interrupted one starts again and a lost index is noticed.
 */
public final class DedupeMaintenance {

  static final String COMPLETE = "zotj:index-complete";
  private static final Logger LOG = LoggerFactory.getLogger(DedupeMaintenance.class);
  private static final int BUFFER_BYTES = 256 * 1024;

  private final RegistryStore store;
  private final AtomicLong blobsDone = new AtomicLong();
  private volatile String running;
  private volatile String lastDone;

  public DedupeMaintenance(RegistryStore store) {
    this.store = store;
  }

  /** What runs now ("rebuilding the dedupe index of (global): 1200 blobs"), or null. */
  public String running() {
    String what = running;
    return what == null ? null : what + ": " + blobsDone.get() + " blobs so far";
  }

  /** What the last run did ("dedupe index of (global) rebuilt at ...: 1200 blobs"), or null. */
  public String lastDone() {
    return lastDone;
  }

  /**
   * Starts a new index for each root whose index was lost while serving (its file deleted) and
   * rebuilds it from the blobs; returns when done.
   *
   * @return whether an index was lost
   */
  public synchronized boolean rebuildLost() {
    boolean lost = false;
    for (StoreRoot root : store.roots().all()) {
      try {
        if (root.cache() != null && root.cache().reopenIfLost()) {
          LOG.warn("Dedupe index of {} was lost while serving: rebuilding it from the blobs",
              root.label());
          lost = true;
        }
      } catch (RuntimeException e) {
        LOG.error("Dedupe index of {} was lost and cannot be started again", root.label(), e);
      }
    }
    if (lost) {
      runAll();
    }
    return lost;
  }

  /** Runs whatever each root needs; returns when all is done. */
  public synchronized void runAll() {
    for (StoreRoot root : store.roots().all()) {
      CacheDriver cache = root.cache();
      if (cache == null) {
        continue;
      }
      try {
        boolean complete = cache.has(COMPLETE, COMPLETE);
        if (root.settings().dedupe() && !complete) {
          rebuild(root);
        } else if (!root.settings().dedupe() && complete) {
          reduplicate(root);
        }
      } catch (StorageException | RuntimeException e) {
        LOG.error("Dedupe maintenance of {} stopped; it starts again on the next start",
            root.label(), e);
      } finally {
        running = null;
      }
    }
  }

  private void rebuild(StoreRoot root) throws StorageException {
    running = "rebuilding the dedupe index of " + root.label();
    blobsDone.set(0);
    LOG.info("Dedupe index of {} is new or incomplete: rebuilding it from the blobs, "
        + "while serving", root.label());
    long start = System.nanoTime();
    Set<Digest> verified = new HashSet<>();
    long shared = 0;
    for (RepositoryName repo : repositories(root)) {
      if (stopping(root)) {
        return;
      }
      for (Digest digest : blobs(repo)) {
        blobsDone.incrementAndGet();
        String location = StoreLayout.blob(repo, digest);
        Optional<String> source = store.dedupe().sourceFor(repo, digest);
        if (source.isPresent() && store.driver().shared(source.get(), location)) {
          shared++; // already one file (a store deduped before the index was lost)
        } else if (source.isPresent() && sameSize(source.get(), location)
            && (verified.contains(digest) || verify(source.get(), digest, verified))) {
          store.driver().link(source.get(), location);
          shared++;
        }
        root.cache().put(digest.toString(), location);
      }
    }
    root.cache().put(COMPLETE, COMPLETE);
    LOG.info("Dedupe index of {} rebuilt: {} blobs, {} shared, in {} ms", root.label(),
        blobsDone.get(), shared, (System.nanoTime() - start) / 1_000_000);
    lastDone = "dedupe index of " + root.label() + " rebuilt at " + java.time.Instant.now()
        + ": " + blobsDone.get() + " blobs";
  }

  /**
   * Gives every name of a shared blob file but one a copy of its own. Which names share is read
   * from the file system (a name whose file has more than one link), not from the index, so an
   * interrupted run simply starts again: what it copied has one link now and is passed over.
   */
  private void reduplicate(StoreRoot root) throws StorageException {
    running = "giving every repository of " + root.label() + " its own copy";
    blobsDone.set(0);
    long needed = 0;
    for (RepositoryName repo : repositories(root)) {
      for (Digest digest : blobs(repo)) {
        String path = StoreLayout.blob(repo, digest);
        int names = store.driver().links(path);
        if (names > 1) {
          // each of a file's n names needs (n - 1) / n of a copy: n - 1 copies in all
          needed += store.driver().stat(path).map(FileInfo::size).orElse(0L) * (names - 1)
              / names;
        }
      }
    }
    long free = root.driver().usableSpace();
    if (needed > free) {
      LOG.warn("dedupe is off for {} but giving every repository its own copy needs {} bytes "
          + "and only {} are free: blobs stay shared; free space and restart", root.label(),
          needed, free);
      return;
    }
    LOG.info("dedupe is off for {}: copying about {} bytes so that no blob is shared",
        root.label(), needed);
    long start = System.nanoTime();
    for (RepositoryName repo : repositories(root)) {
      if (stopping(root)) {
        return;
      }
      for (Digest digest : blobs(repo)) {
        if (store.driver().links(StoreLayout.blob(repo, digest)) > 1) {
          ownCopy(repo, digest);
          blobsDone.incrementAndGet();
        }
        root.cache().remove(digest.toString(), StoreLayout.blob(repo, digest));
      }
    }
    // last: until this is gone, the next start sees a root that may still share blobs
    root.cache().remove(COMPLETE, COMPLETE);
    LOG.info("dedupe is off for {}: {} blobs copied, none shared any more, in {} ms",
        root.label(), blobsDone.get(), (System.nanoTime() - start) / 1_000_000);
    lastDone = "blobs of " + root.label() + " copied apart at " + java.time.Instant.now() + ": "
        + blobsDone.get() + " blobs";
  }

  /** Replaces the repository's name of the blob with a file of its own, atomically. */
  private void ownCopy(RepositoryName repo, Digest digest) throws StorageException {
    String path = StoreLayout.blob(repo, digest);
    String temp = StoreLayout.uploads(repo) + "/copy-" + UUID.randomUUID();
    try (InputStream in = store.driver().read(path, 0);
        FileWriter out = store.driver().writer(temp, false)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(ByteBuffer.wrap(buffer, 0, n));
      }
      out.flush();
    } catch (StorageException e) {
      store.driver().delete(temp);
      throw e;
    } catch (IOException e) {
      store.driver().delete(temp);
      throw new StorageException(path, "cannot copy: " + e.getMessage(), e);
    }
    store.driver().move(temp, path);
  }

  /** Whether the service is stopping; the work then starts again at the next start. */
  private static boolean stopping(StoreRoot root) {
    if (!Thread.currentThread().isInterrupted()) {
      return false;
    }
    LOG.info("Dedupe maintenance of {} interrupted by the stop; it continues at the next start",
        root.label());
    return true;
  }

  private boolean sameSize(String a, String b) throws StorageException {
    Optional<FileInfo> x = store.driver().stat(a);
    Optional<FileInfo> y = store.driver().stat(b);
    return x.isPresent() && y.isPresent() && x.get().size() == y.get().size();
  }

  /** Hashes a blob before other copies are made names of it: damage must not spread. */
  private boolean verify(String location, Digest digest, Set<Digest> verified)
      throws StorageException {
    Digest actual;
    try {
      actual = ContentHash.of(store.driver(), location, digest.algorithm());
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException(location, "cannot read: " + e.getMessage(), e);
    }
    boolean ok = actual.equals(digest);
    if (ok) {
      verified.add(digest);
    } else {
      LOG.warn("Blob {} does not match its digest; not sharing it (run scrub)", location);
    }
    return ok;
  }

  private List<RepositoryName> repositories(StoreRoot root) throws StorageException {
    return store.catalog().stream().map(RepositoryName::new).filter(root::holds).toList();
  }

  /** The digests of the repository's blob files. */
  List<Digest> blobs(RepositoryName repo) throws StorageException {
    return blobsOf(store, repo);
  }

  static List<Digest> blobsOf(RegistryStore store, RepositoryName repo) throws StorageException {
    String dir = repo.value() + "/" + StoreLayout.BLOBS;
    java.util.ArrayList<Digest> out = new java.util.ArrayList<>();
    for (String algorithm : store.driver().list(dir)) {
      for (String hex : store.driver().list(dir + "/" + algorithm)) {
        try {
          out.add(Digest.parse(algorithm + ":" + hex));
        } catch (RuntimeException e) {
          LOG.debug("Not a blob name: {}/{}/{}", dir, algorithm, hex);
        }
      }
    }
    return out;
  }
}

package io.zotj.service.store;

import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.extension.StorageLockListener;
import io.zotj.spi.storage.PathNotFoundException;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The repositories of one store: each one's {@code index.json} held in memory once read, one lock
 * per repository for changes to it, and the catalog of all of them.
 *
 * <p>Readers never lock: they see the last published index. Writers take the repository's lock,
 * write the new {@code index.json} atomically, then publish it; so concurrent pushes of different
 * tags never lose one, and a crash leaves the old or the new file. Names of repositories that do
 * not exist are never remembered, so requests for made-up names cost no memory.
 */
final class Repositories {

  /** How deep the catalog walk descends: deeper names are not repositories zot would make. */
  private static final int MAX_DEPTH = 64;

  private final StorageDriver driver;
  /** The storage root's name (its root directory) of each repository, for lock timings. */
  private final Function<RepositoryName, String> storageNames;
  private final ConcurrentHashMap<RepositoryName, State> states = new ConcurrentHashMap<>();
  private final Object catalogMonitor = new Object();
  private volatile NavigableSet<String> catalog;
  private volatile java.util.function.Consumer<RepositoryName> afterDeletion = r -> {};
  /** Told of each lock's wait and hold; null (no clock read) while no one listens. */
  private volatile StorageLockListener lockListener;

  /** What is known of one existing repository. */
  static final class State {
    final ReentrantLock lock = new ReentrantLock();
    volatile RepoIndex index;
    volatile boolean exists;
    /** The name of the storage root, set on the first timed lock. */
    String storageName;

    State(RepoIndex index, boolean exists) {
      this.index = index;
      this.exists = exists;
    }
  }

  Repositories(StorageDriver driver, Function<RepositoryName, String> storageNames) {
    this.driver = driver;
    this.storageNames = storageNames;
  }

  /** Sets who is told of each lock's wait and hold time; null for no one. */
  void lockListener(StorageLockListener listener) {
    this.lockListener = listener;
  }

  /** The repository's index; empty when the repository does not exist. */
  RepoIndex index(RepositoryName repo) throws StorageException {
    return state(repo).index;
  }

  boolean exists(RepositoryName repo) throws StorageException {
    return state(repo).exists;
  }

  private State state(RepositoryName repo) throws StorageException {
    State known = states.get(repo);
    if (known != null) {
      return known;
    }
    State loaded = load(repo);
    return loaded.exists ? states.computeIfAbsent(repo, r -> loaded) : loaded;
  }

  private State load(RepositoryName repo) throws StorageException {
    byte[] bytes;
    try {
      bytes = driver.readAll(StoreLayout.index(repo));
    } catch (PathNotFoundException e) {
      return new State(RepoIndex.EMPTY, false);
    }
    try {
      return new State(RepoIndex.parse(StoreLayout.index(repo), bytes), true);
    } catch (IOException e) {
      throw new StorageException(StoreLayout.index(repo),
          "index.json of " + repo + " is not readable: " + e.getMessage(), e);
    }
  }

  /**
   * Changes the repository's index under its lock, creating the repository when needed.
   *
   * @return the index after the change
   */
  RepoIndex update(RepositoryName repo, UnaryOperator<RepoIndex> change) throws StorageException {
    State state = stateToLock(repo);
    StorageLockListener listener = lockListener;
    long start = listener == null ? 0 : System.nanoTime();
    state.lock.lock();
    try {
      RepoIndex next = change.apply(state.index);
      if (next != state.index || !state.exists) {
        if (!state.exists) {
          driver.writeAtomically(StoreLayout.ociLayout(repo), StoreLayout.OCI_LAYOUT_CONTENT);
        }
        driver.writeAtomically(StoreLayout.index(repo), next.toBytes());
        state.index = next;
        if (!state.exists) {
          state.exists = true;
          addToCatalog(repo);
        }
      }
      return next;
    } finally {
      unlock(repo, state, listener, start);
    }
  }

  /** Sets what is told of each deletion of a manifest, tag or blob (GC after deletions). */
  void afterDeletion(java.util.function.Consumer<RepositoryName> listener) {
    this.afterDeletion = listener;
  }

  /** Tells the listener that something of {@code repo} was deleted. */
  void deleted(RepositoryName repo) {
    afterDeletion.accept(repo);
  }

  /** Work done while holding a repository's lock. */
  @FunctionalInterface
  interface LockedWork<T> {
    T run() throws StorageException;
  }

  /**
   * Runs {@code work} under the repository's lock: a manifest push checks its blobs and records
   * itself, and GC decides and removes a repository's blobs, each without the other in between.
   */
  <T> T locked(RepositoryName repo, LockedWork<T> work) throws StorageException {
    State state = stateToLock(repo);
    StorageLockListener listener = lockListener;
    long start = listener == null ? 0 : System.nanoTime();
    state.lock.lock();
    try {
      return work.run();
    } finally {
      unlock(repo, state, listener, start);
    }
  }

  /** Whether the calling thread holds the repository's lock (for tests and assertions). */
  boolean isLockedByCaller(RepositoryName repo) {
    State state = states.get(repo);
    return state != null && state.lock.isHeldByCurrentThread();
  }

  /** Makes sure the repository exists (its {@code oci-layout} and {@code index.json}). */
  void create(RepositoryName repo) throws StorageException {
    if (!exists(repo)) {
      update(repo, UnaryOperator.identity());
    }
  }

  /** The repository's state, remembered from now on since it is about to be locked. */
  private State stateToLock(RepositoryName repo) throws StorageException {
    State state = states.get(repo);
    if (state == null) {
      State loaded = load(repo);
      state = states.computeIfAbsent(repo, r -> loaded);
    }
    return state;
  }

  /**
   * Releases the repository's lock and, when {@code listener} was there as it was taken, tells it
   * how long the lock was waited for and held (zot counts both, from before the request for the
   * lock to after its release). This store's repository locks are all exclusive.
   */
  private void unlock(RepositoryName repo, State state, StorageLockListener listener,
      long start) {
    state.lock.unlock();
    if (listener != null) {
      String name = state.storageName;
      if (name == null) {
        name = storageNames.apply(repo);
        state.storageName = name;
      }
      listener.released(name, StorageLockListener.Mode.EXCLUSIVE, System.nanoTime() - start);
    }
  }

  /** Every repository, in lexical order. The first call walks the store. */
  NavigableSet<String> catalog() throws StorageException {
    NavigableSet<String> names = catalog;
    if (names == null) {
      synchronized (catalogMonitor) {
        if (catalog == null) {
          NavigableSet<String> found = new ConcurrentSkipListSet<>();
          walk("", 0, found);
          catalog = found;
        }
        names = catalog;
      }
    }
    return names;
  }

  private void addToCatalog(RepositoryName repo) {
    synchronized (catalogMonitor) {
      if (catalog != null) {
        catalog.add(repo.value());
      }
    }
  }

  private void walk(String dir, int depth, NavigableSet<String> found) throws StorageException {
    if (depth > MAX_DEPTH) {
      return;
    }
    List<String> children = new ArrayList<>(driver.list(dir));
    boolean isRepo = !dir.isEmpty() && children.contains(StoreLayout.INDEX);
    if (isRepo && RepositoryName.isValid(dir)) {
      found.add(dir);
    }
    for (String child : children) {
      if (child.startsWith(".") || (isRepo && child.equals(StoreLayout.BLOBS))
          || child.equals(StoreLayout.INDEX) || child.equals(StoreLayout.OCI_LAYOUT)) {
        continue;
      }
      String path = dir.isEmpty() ? child : dir + "/" + child;
      if (driver.stat(path).map(io.zotj.spi.storage.FileInfo::directory).orElse(false)) {
        walk(path, depth + 1, found);
      }
    }
  }
}

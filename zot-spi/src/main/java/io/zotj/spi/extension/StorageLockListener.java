package io.zotj.spi.extension;

/**
 * Told each time the store releases one of its locks, with how long the lock was waited for and
 * held; registered with {@link ExtensionContext#onStorageLock}. The core reads the clock for it
 * only while a listener is registered.
 *
 * <p>Called on the thread that held the lock, right after releasing it, so it must be quick and
 * must not block or take the store's locks. An exception it throws is logged and does not affect
 * the store.
 */
@FunctionalInterface
public interface StorageLockListener {

  /** How a lock was held. */
  enum Mode {
    /** Shared with other readers (zot's {@code RLock}). */
    SHARED,
    /** Held alone, for a change (zot's {@code RWLock}). */
    EXCLUSIVE
  }

  /**
   * One lock was released.
   *
   * @param storageName the storage root the lock guards: its root directory as configured (the
   *     global {@code storage.rootDirectory} or a subPath's), as zot names it
   * @param mode how the lock was held
   * @param nanos from the request for the lock to its release: the wait plus the hold
   */
  void released(String storageName, Mode mode, long nanos);
}

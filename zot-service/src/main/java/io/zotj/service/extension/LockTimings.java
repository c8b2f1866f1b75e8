package io.zotj.service.extension;

import io.zotj.spi.extension.StorageLockListener;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands the store's lock timings to the extensions' listeners, on the releasing thread. */
final class LockTimings implements StorageLockListener {

  private static final Logger LOG = LoggerFactory.getLogger(LockTimings.class);

  /** Replaced whole while extensions are created, read without a lock afterwards. */
  private volatile StorageLockListener[] listeners = new StorageLockListener[0];

  synchronized void subscribe(StorageLockListener listener) {
    StorageLockListener[] more = Arrays.copyOf(listeners, listeners.length + 1);
    more[listeners.length] = listener;
    listeners = more;
  }

  /** Whether anyone listens; the store reads no clock for its locks when no one does. */
  boolean active() {
    return listeners.length > 0;
  }

  @Override
  public void released(String storageName, Mode mode, long nanos) {
    for (StorageLockListener listener : listeners) {
      try {
        listener.released(storageName, mode, nanos);
      } catch (RuntimeException e) {
        LOG.warn("An extension's storage lock listener failed on {} ({})", storageName, mode, e);
      }
    }
  }
}

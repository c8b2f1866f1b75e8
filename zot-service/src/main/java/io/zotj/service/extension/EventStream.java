package io.zotj.service.extension;

import io.zotj.spi.extension.RegistryEvent;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers registry events to the extensions' listeners, on the caller's thread. */
public final class EventStream implements Consumer<RegistryEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  /**
   * Replaced whole while extensions are created, read without a lock afterwards; an array, so
   * that delivering an event allocates no iterator.
   */
  @SuppressWarnings("unchecked")
  private volatile Consumer<RegistryEvent>[] listeners = new Consumer[0];

  synchronized void subscribe(Consumer<RegistryEvent> listener) {
    Consumer<RegistryEvent>[] more = Arrays.copyOf(listeners, listeners.length + 1);
    more[listeners.length] = listener;
    listeners = more;
  }

  /** Whether anyone listens; the core skips building events when no one does. */
  public boolean active() {
    return listeners.length > 0;
  }

  @Override
  public void accept(RegistryEvent event) {
    for (Consumer<RegistryEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("An extension's event listener failed on {}", event, e);
      }
    }
  }
}

package io.zotj.service.extension;

import io.zotj.spi.extension.RegistryEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers registry events to the extensions' listeners, on the caller's thread. */
public final class EventStream implements Consumer<RegistryEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  private final List<Consumer<RegistryEvent>> listeners = new CopyOnWriteArrayList<>();

  void subscribe(Consumer<RegistryEvent> listener) {
    listeners.add(listener);
  }

  /** Whether anyone listens; the core skips building events when no one does. */
  public boolean active() {
    return !listeners.isEmpty();
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

package io.zotj.spi.extension;

/**
 * One running extension. The core calls {@link #start()} once the server is about to accept
 * requests and {@link #stop()} when it shuts down, after in-flight requests finished.
 */
public interface Extension {

  /** Starts background work (scheduled tasks, connections). The default does nothing. */
  default void start() throws Exception {}

  /** Stops what {@link #start()} began and releases resources. The default does nothing. */
  default void stop() throws Exception {}
}

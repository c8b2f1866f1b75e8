package io.zotj.service.store;

import java.time.Duration;
import java.util.Optional;

/**
 * How one storage root is managed: dedupe, garbage collection and its timing.
 *
 * @param dedupe share the bytes of equal blobs within the root (hard links)
 * @param gc remove what no tag reaches, in the background
 * @param gcDelay nothing younger than this is removed
 * @param gcInterval how often GC runs; empty: after deletions only
 */
public record StoreSettings(boolean dedupe, boolean gc, Duration gcDelay,
    Optional<Duration> gcInterval) {

  /** No dedupe, no GC: the settings of a bare store in tests. */
  public static final StoreSettings PLAIN =
      new StoreSettings(false, false, Duration.ofHours(1), Optional.empty());
}

package io.zotj.spi.cache;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The dedupe index of one store: which locations hold the bytes of a blob digest.
 *
 * <p>Digests are strings such as {@code sha256:<hex>}; locations are opaque strings chosen by the
 * core (the blob's path under the storage root). The first location recorded for a digest is its
 * canonical one: the copy a new location shares its bytes with. Removing the canonical location
 * promotes the oldest remaining one. The index is a hint: the core checks a location before it
 * uses it, so a lost or stale entry costs a copy, never data.
 *
 * <p>Every method is safe to call from many threads at once. Failures of the medium are {@link
 * CacheException}s.
 */
public interface CacheDriver extends Closeable {

  /** The driver's name as the configuration spells it ({@code embedded}, {@code dynamodb}). */
  String name();

  /**
   * Records that {@code location} holds {@code digest}. Recording a location twice is no change.
   * Every location is kept, however many repositories hold the digest (a medium that bounds the
   * size of one record spreads them over several): forgetting one would let the bytes of the
   * repositories that remain be stored again instead of shared.
   */
  void put(String digest, String location);

  /** The canonical location of {@code digest}, or empty when none is recorded. */
  Optional<String> canonical(String digest);

  /** The recorded locations of {@code digest}, canonical first; empty when none. */
  List<String> locations(String digest);

  /** Whether {@code location} is recorded for {@code digest}. */
  boolean has(String digest, String location);

  /**
   * Forgets one location of {@code digest}; the digest is forgotten with its last location.
   *
   * @return true when the location was recorded
   */
  boolean remove(String digest, String location);

  /** How many digests are recorded; a fresh (or lost and recreated) index has none. */
  long size();

  /**
   * Checks that the index's medium is still there. When it was lost behind the registry's back
   * (its file deleted while open), the driver starts a new, empty index in its place and returns
   * true: the core then rebuilds it from the blobs. Called every few seconds; a driver whose
   * medium cannot be lost this way keeps the default.
   *
   * @return true when the index was lost and is now new and empty
   */
  default boolean reopenIfLost() {
    return false;
  }

  /** Releases what the driver holds; further calls are undefined. */
  @Override
  default void close() throws IOException {}
}

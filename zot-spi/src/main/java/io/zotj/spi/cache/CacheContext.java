package io.zotj.spi.cache;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the core tells a cache driver factory about the store whose index it opens.
 *
 * @param rootDirectory the storage root (global or a subPath's); the embedded driver keeps its
 *     file there, under a name of its own
 * @param settings the {@code cacheDriver} section with lower-case keys; empty for embedded
 */
public record CacheContext(Path rootDirectory, Map<String, Object> settings) {

  public CacheContext {
    settings = Map.copyOf(settings);
  }
}

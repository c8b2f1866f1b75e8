package io.zotj.spi.cache;

/**
 * Creates {@link CacheDriver}s of one kind; found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.zotj.spi.cache.CacheDriverFactory}).
 *
 * <p>The configuration selects a remote driver by {@code storage.cacheDriver.name}; without that
 * section every storage root gets the {@code embedded} driver, whose index lives in the root.
 */
public interface CacheDriverFactory {

  /** The name the configuration uses for this driver, lower case. */
  String name();

  /**
   * Validates the driver's own settings without touching the medium.
   *
   * @param settings the {@code cacheDriver} section (keys in lower case), empty for embedded
   * @return one line per problem, naming the key; empty when the settings are usable
   */
  default java.util.List<String> validate(java.util.Map<String, Object> settings) {
    return java.util.List.of();
  }

  /** Opens the index for the store that {@code context} describes. */
  CacheDriver open(CacheContext context);
}

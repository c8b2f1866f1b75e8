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

  /**
   * Does slow one-time work (class loading, code generation) ahead of {@link #open}, so that it
   * overlaps the rest of start-up. Called once, on a background thread, before the
   * configuration is read; failures are the driver's to swallow: {@link #open} must still
   * work.
   */
  default void prepare() {}

  /** Opens the index for the store that {@code context} describes. */
  CacheDriver open(CacheContext context);
}

package io.zotj.spi.storage;

import java.util.Map;

/**
 * Creates {@link StorageDriver}s of one kind; found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.zotj.spi.storage.StorageDriverFactory}).
 *
 * <p>The configuration selects a factory by {@link #name()}: no {@code storage.storageDriver}
 * section means {@code local}; {@code storageDriver.name: s3} means the S3 driver.
 */
public interface StorageDriverFactory {

  /** The name the configuration uses for this driver, lower case. */
  String name();

  /**
   * Validates the driver's own settings without touching the medium.
   *
   * @param settings the {@code storageDriver} section (keys in lower case), empty for local
   * @return one line per problem, naming the key; empty when the settings are usable
   */
  default java.util.List<String> validate(Map<String, Object> settings) {
    return java.util.List.of();
  }

  /** Opens a driver on the medium that {@code context} describes. */
  StorageDriver open(StorageContext context) throws StorageException;
}

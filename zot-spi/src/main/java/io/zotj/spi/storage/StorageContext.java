package io.zotj.spi.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the core tells a driver factory about the store it should open.
 *
 * @param rootDirectory {@code storage.rootDirectory} (or a subPath's): the local folder of the
 *     store; drivers for remote media keep only local state there
 * @param durable {@code storage.commit}: sync every write to stable storage before it returns
 * @param settings the driver's {@code storageDriver} section with lower-case keys; empty for the
 *     default local driver
 */
public record StorageContext(Path rootDirectory, boolean durable, Map<String, Object> settings) {

  public StorageContext {
    settings = Map.copyOf(settings);
  }
}

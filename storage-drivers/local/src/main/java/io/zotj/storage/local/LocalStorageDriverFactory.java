package io.zotj.storage.local;

import io.zotj.spi.storage.StorageContext;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageDriverFactory;
import io.zotj.spi.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** Registers the local file system driver under the name {@code local}. */
public final class LocalStorageDriverFactory implements StorageDriverFactory {

  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> validate(Map<String, Object> settings) {
    return settings.keySet().stream()
        .filter(key -> !key.equals("name") && !key.equals("rootdirectory"))
        .map(key -> "storageDriver." + key + ": not a setting of the local driver")
        .toList();
  }

  @Override
  public StorageDriver open(StorageContext context) throws StorageException {
    try {
      Files.createDirectories(context.rootDirectory());
    } catch (IOException e) {
      throw new StorageException("", "cannot create storage root " + context.rootDirectory(), e);
    }
    return new LocalStorageDriver(context.rootDirectory(), context.durable());
  }
}

package io.zotj.storage.local;

import io.zotj.spi.storage.StorageContext;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageDriverContract;
import java.nio.file.Path;
import java.util.Map;

/** The contract, with the local driver opened durable ({@code storage.commit: true}). */
class DurableLocalStorageDriverTest extends StorageDriverContract {

  @Override
  protected StorageDriver openDriver(Path scratch, boolean durable) throws Exception {
    return new LocalStorageDriverFactory()
        .open(new StorageContext(scratch.resolve("store"), durable, Map.of()));
  }

  @Override
  protected boolean durable() {
    return true;
  }
}

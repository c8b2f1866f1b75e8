package io.zotj.service.storage;

import io.zotj.service.testing.QuotaStorageDriverFactory;
import io.zotj.service.testing.TestRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The full-disk push with the error injected under the store: runs on any machine. */
class FullDiskInjectedTest extends FullDisk {

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> """
      storage:
        rootDirectory: "%s"
        storageDriver: {name: quota}
      http: {address: 127.0.0.1, port: 0}
      log: {level: info}
      """.formatted(dir.resolve("storage")));

  @Override
  TestRegistry registry() {
    return REGISTRY;
  }

  @Override
  void fill(long bytes) {
    QuotaStorageDriverFactory.allow(bytes);
  }

  @Override
  @AfterEach
  void free() {
    QuotaStorageDriverFactory.unlimited();
  }
}

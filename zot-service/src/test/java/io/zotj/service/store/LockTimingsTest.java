package io.zotj.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.extension.StorageLockListener.Mode;
import io.zotj.storage.local.LocalStorageDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store tells a lock listener of each repository lock, named by its storage root. */
class LockTimingsTest {

  record Released(String storageName, Mode mode, long nanos, boolean heldByCaller) {}

  @TempDir Path dir;

  @Test
  void reportsEachReleasedRepositoryLockWithItsRootDirectory() throws Exception {
    Path global = Files.createDirectories(dir.resolve("global"));
    Path sub = Files.createDirectories(dir.resolve("sub"));
    RegistryStore store = new RegistryStore(new StoreRoots(root("", global),
        List.of(root("a", sub))));
    List<Released> seen = new CopyOnWriteArrayList<>();
    RepositoryName plain = new RepositoryName("plain/app");
    RepositoryName inA = new RepositoryName("a/app");
    store.observeLocks((name, mode, nanos) -> seen.add(new Released(name, mode, nanos,
        store.repositories().isLockedByCaller(plain))));

    store.repositories().create(plain);
    store.repositories().locked(inA, () -> null);

    assertThat(seen).extracting(Released::storageName, Released::mode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(global.toString(), Mode.EXCLUSIVE),
            org.assertj.core.groups.Tuple.tuple(sub.toString(), Mode.EXCLUSIVE));
    assertThat(seen).allSatisfy(r -> {
      assertThat(r.nanos()).isNotNegative();
      assertThat(r.heldByCaller()).as("told after the release").isFalse();
    });
  }

  @Test
  void tellsNoOneOnceTheListenerIsRemoved() throws Exception {
    RegistryStore store = new RegistryStore(StoreRoots.single(root("", dir)));
    List<String> seen = new CopyOnWriteArrayList<>();
    store.observeLocks((name, mode, nanos) -> seen.add(name));
    store.repositories().create(new RepositoryName("one"));
    store.observeLocks(null);

    store.repositories().create(new RepositoryName("two"));
    store.repositories().locked(new RepositoryName("one"), () -> null);

    assertThat(seen).containsExactly(dir.toString());
  }

  private static StoreRoot root(String prefix, Path directory) {
    return new StoreRoot(prefix, directory, new LocalStorageDriver(directory, false), null,
        StoreSettings.PLAIN);
  }
}

package io.zotj.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.storage.local.LocalStorageDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GC counts as freed only the bytes a removal gives back: a hard-linked name frees nothing. */
class GarbageCollectorBytesTest {

  private static final int SIZE = 64 * 1024;

  @TempDir Path root;

  private GarbageCollector collector;
  private String hex;

  @BeforeEach
  void store() throws Exception {
    LocalStorageDriver driver = new LocalStorageDriver(root, false);
    StoreSettings gcOn = new StoreSettings(false, true, Duration.ofMinutes(1), Optional.empty());
    RegistryStore store = new RegistryStore(StoreRoots.single(
        new StoreRoot("", root, driver, null, gcOn)));
    collector = new GarbageCollector(store);
    byte[] blob = new byte[SIZE];
    new Random(1).nextBytes(blob);
    hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
    Path first = blob("a");
    Files.write(first, blob);
    Files.createLink(blob("b"), first); // b shares a's bytes, as dedupe leaves them
    Files.write(blob("c"), blob); // c has a copy of its own
    for (String repo : List.of("a", "b", "c")) {
      Files.writeString(root.resolve(repo + "/index.json"),
          "{\"schemaVersion\":2,\"manifests\":[]}");
      Files.setLastModifiedTime(blob(repo), FileTime.from(Instant.now().minusSeconds(3600)));
    }
  }

  private Path blob(String repo) throws Exception {
    Path file = root.resolve(repo + "/blobs/sha256/" + hex);
    Files.createDirectories(file.getParent());
    return file;
  }

  @Test
  void aRemovedNameWhoseBytesAnotherRepositoryStillHoldsFreesNothing() throws Exception {
    GarbageCollector.Result first = collector.run(List.of("a"));

    assertThat(first.blobsRemoved()).isEqualTo(1);
    assertThat(first.bytesFreed()).isZero();
    assertThat(Files.getAttribute(blob("b"), "unix:nlink")).isEqualTo(1);

    GarbageCollector.Result last = collector.run(List.of("b"));

    assertThat(last.blobsRemoved()).isEqualTo(1);
    assertThat(last.bytesFreed()).isEqualTo(SIZE);
  }

  @Test
  void oneRunOverEveryNameCountsEachInodeOnce() throws Exception {
    GarbageCollector.Result result = collector.run(List.of("a", "b", "c"));

    assertThat(result.blobsRemoved()).isEqualTo(3);
    assertThat(result.bytesFreed()).as("a/b's inode once, c's copy once").isEqualTo(2L * SIZE);
    assertThat(result.summary()).contains("3 blobs (" + 2 * SIZE + " bytes freed)");
  }
}

package io.zotj.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local driver on a real 1 MiB file system (tmpfs), filled up. Mounting needs root, as the
 * CI machine runs the build.
 */
class LocalStorageDriverFullDiskTest {

  private static final int ONE_MIB = 1 << 20;

  @TempDir Path scratch;

  private Path mount;
  private LocalStorageDriver driver;

  @BeforeEach
  void mountTinyFileSystem() throws Exception {
    mount = Files.createDirectory(scratch.resolve("tiny"));
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
    driver = new LocalStorageDriver(mount, false);
  }

  @AfterEach
  void unmount() throws Exception {
    run("umount", mount.toString());
  }

  @Test
  void anAtomicWriteThatDoesNotFitIsStorageFullAndLeavesNothing() throws Exception {
    driver.writeAtomically("repo/index.json", new byte[] {'{', '}'});

    assertThatThrownBy(() -> driver.writeAtomically("repo/index.json", new byte[2 * ONE_MIB]))
        .isInstanceOf(StorageFullException.class)
        .hasMessageContaining("repo/index.json");

    assertThat(namesIn(mount.resolve("repo"))).containsExactly("index.json");
    assertThat(driver.readAll("repo/index.json")).containsExactly('{', '}');
  }

  @Test
  void anAppendThatDoesNotFitIsStorageFullAndKeepsTheEarlierBytes() throws Exception {
    try (FileWriter writer = driver.writer("repo/.uploads/session", false)) {
      writer.write(ByteBuffer.wrap(new byte[100_000]));

      assertThatThrownBy(() -> writer.write(ByteBuffer.wrap(new byte[2 * ONE_MIB])))
          .isInstanceOf(StorageFullException.class);

      assertThat(writer.size()).isEqualTo(100_000);
    }
    assertThat(driver.stat("repo/.uploads/session").orElseThrow().size()).isEqualTo(100_000);
    assertThat(driver.usableSpace()).isPositive();
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("%s (needs root): %s", String.join(" ", command), output)
        .isZero();
  }

  private static List<String> namesIn(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).toList();
    }
  }
}

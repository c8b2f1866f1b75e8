package io.zotj.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageContext;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageDriverContract;
import io.zotj.spi.storage.StorageException;
import io.zotj.spi.storage.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract on the local driver, plus what only a local file system shows. */
class LocalStorageDriverTest extends StorageDriverContract {

  private Path root;

  @Override
  protected StorageDriver openDriver(Path scratch, boolean durable) throws Exception {
    root = scratch.resolve("store");
    return new LocalStorageDriverFactory().open(new StorageContext(root, durable, Map.of()));
  }

  @Test
  void factoryCreatesTheRootFolder() {
    assertThat(root).isDirectory();
    assertThat(((LocalStorageDriver) driver).root()).isEqualTo(root.toAbsolutePath());
  }

  @Test
  void linkIsAHardLinkToTheSameInode() throws Exception {
    driver.writeAtomically("one/blobs/sha256/abc", bytes(4_096, 1));

    boolean shared = driver.link("one/blobs/sha256/abc", "two/blobs/sha256/abc");

    assertThat(shared).isTrue();
    Path source = root.resolve("one/blobs/sha256/abc");
    Path target = root.resolve("two/blobs/sha256/abc");
    assertThat(Files.isSameFile(source, target)).isTrue();
    assertThat(Files.getAttribute(source, "unix:nlink")).isEqualTo(2);
  }

  @Test
  void writesLandAsPlainFilesUnderTheRoot() throws Exception {
    driver.writeAtomically("repo/index.json", text("{}"));

    assertThat(root.resolve("repo/index.json")).hasContent("{}");
  }

  @Test
  void aFailedAtomicWriteLeavesNoTemporaryFile() throws Exception {
    driver.writeAtomically("repo/index.json/child", text("makes index.json a directory"));

    assertThatThrownBy(() -> driver.writeAtomically("repo/index.json", text("{}")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("repo/index.json");

    assertThat(namesIn(root.resolve("repo"))).containsExactly("index.json");
    assertThat(root.resolve("repo/index.json")).isDirectory();
  }

  @Test
  void aFailedLinkLeavesNoTemporaryFile() throws Exception {
    driver.writeAtomically("one/blob", text("bytes"));
    driver.writeAtomically("two/blob/child", text("makes blob a directory"));

    assertThatThrownBy(() -> driver.link("one/blob", "two/blob"))
        .isInstanceOf(StorageException.class);

    assertThat(namesIn(root.resolve("two"))).containsExactly("blob");
  }

  @Test
  void aWriterOnADirectoryFailsWithTheDriverPath() throws Exception {
    driver.writeAtomically("repo/upload/child", text("x"));

    assertThatThrownBy(() -> driver.writer("repo/upload", true))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).path()).isEqualTo("repo/upload"));
  }

  @Test
  void writeToAFullDeviceIsStorageFull() throws Exception {
    // /dev/full fails every write with ENOSPC: a real kernel error, no mount needed.
    Files.createDirectories(root.resolve("repo"));
    Files.createSymbolicLink(root.resolve("repo/upload"), Path.of("/dev/full"));

    try (FileWriter writer = driver.writer("repo/upload", true)) {
      assertThatThrownBy(() -> writer.write(ByteBuffer.wrap(bytes(8_192, 2))))
          .isInstanceOf(StorageFullException.class)
          .satisfies(e -> assertThat(((StorageException) e).path()).isEqualTo("repo/upload"));
      assertThat(writer.size()).isZero();
    }
  }

  @Test
  void failureMapsNoSpaceAndQuotaToStorageFull() {
    var noSpace = new FileSystemException("/x/y", null, "No space left on device");
    var quota = new IOException("Disk quota exceeded");
    var denied = new FileSystemException("/x/y", null, "Permission denied");

    assertThat(LocalStorageDriver.failure("a/b", "write", noSpace))
        .isInstanceOf(StorageFullException.class);
    assertThat(LocalStorageDriver.failure("a/b", "write", quota))
        .isInstanceOf(StorageFullException.class);
    assertThat(LocalStorageDriver.failure("a/b", "write", denied))
        .isNotInstanceOf(StorageFullException.class)
        .hasMessage("cannot write a/b: /x/y: Permission denied")
        .hasCause(denied);
  }

  private static List<String> namesIn(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).toList();
    }
  }
}

package io.zotj.cache.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.spi.cache.CacheContext;
import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.cache.CacheDriverContract;
import io.zotj.spi.cache.CacheDriverFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The embedded driver passes the cache driver contract, starting small so that it must grow. */
class EmbeddedCacheDriverTest extends CacheDriverContract {

  @Override
  protected CacheDriver open(Path root) {
    return EmbeddedCacheDriver.open(root, 1_000);
  }

  @Test
  void isFoundByNameThroughServiceLoader() throws Exception {
    CacheDriverFactory found = ServiceLoader.load(CacheDriverFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("embedded"))
        .findFirst().orElseThrow();
    Path other = Files.createDirectory(root.resolve("other"));

    try (CacheDriver driver = found.open(new CacheContext(other, Map.of()))) {
      driver.put("sha256:" + "a".repeat(64), "r/blobs/sha256/" + "a".repeat(64));
      assertThat(driver.size()).isEqualTo(1);
    }
  }

  @Test
  void growsItsFileWhenTheFixedCapacityIsReached() {
    for (int i = 0; i < 30_000; i++) {
      cache.put("sha256:" + String.format("%064x", i), "r/blobs/sha256/" + i);
    }

    assertThat(((EmbeddedCacheDriver) cache).capacity()).isGreaterThan(1_000);
    assertThat(cache.size()).isEqualTo(30_000);
  }

  @Test
  void keepsItsFileUnderItsOwnNameAndLeavesZotsCacheDbAlone() throws Exception {
    Path zotCache = root.resolve("cache.db");
    Files.writeString(zotCache, "zot's bolt file");

    cache.put("sha256:" + "b".repeat(64), "r/blobs/sha256/" + "b".repeat(64));

    assertThat(root.resolve(EmbeddedCacheDriver.FILE_NAME)).exists();
    assertThat(Files.readString(zotCache)).isEqualTo("zot's bolt file");
  }

  @Test
  void recoversAFileLeftOpenByAnUncleanStop() throws Exception {
    cache.put("sha256:" + "c".repeat(64), "r/blobs/sha256/" + "c".repeat(64));
    Path copy = Files.createDirectory(root.resolve("copy"));
    // a copy taken while the map is open looks like the file a killed process leaves
    Files.copy(root.resolve(EmbeddedCacheDriver.FILE_NAME),
        copy.resolve(EmbeddedCacheDriver.FILE_NAME));
    Files.writeString(copy.resolve(EmbeddedCacheDriver.OPEN_MARKER), "open\n");

    try (CacheDriver recovered = open(copy)) {
      assertThat(recovered.canonical("sha256:" + "c".repeat(64)))
          .contains("r/blobs/sha256/" + "c".repeat(64));
    }
  }

  @Test
  void replacesAnUnreadableFileWithAnEmptyIndex() throws Exception {
    Path broken = Files.createDirectory(root.resolve("broken"));
    Files.writeString(broken.resolve(EmbeddedCacheDriver.FILE_NAME), "not a map at all");

    try (CacheDriver fresh = open(broken)) {
      assertThat(fresh.size()).isZero();
      fresh.put("sha256:" + "d".repeat(64), "x");
      assertThat(fresh.size()).isEqualTo(1);
    }
  }

  @Test
  void startsANewFileWhenItsFileWasDeletedWhileOpen() throws Exception {
    cache.put("sha256:" + "e".repeat(64), "r/blobs/sha256/" + "e".repeat(64));
    assertThat(cache.reopenIfLost()).isFalse();

    Files.delete(root.resolve(EmbeddedCacheDriver.FILE_NAME));

    assertThat(cache.reopenIfLost()).isTrue();
    assertThat(root.resolve(EmbeddedCacheDriver.FILE_NAME)).exists();
    assertThat(cache.size()).isZero();
    cache.put("sha256:" + "f".repeat(64), "r/blobs/sha256/" + "f".repeat(64));
    assertThat(cache.reopenIfLost()).isFalse();
    assertThat(cache.size()).isEqualTo(1);
  }
}

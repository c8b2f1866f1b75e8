package io.zotj.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.RepositoryName;
import io.zotj.service.testing.ForwardingStorageDriver;
import io.zotj.spi.cache.CacheContext;
import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.cache.CacheDriverFactory;
import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import io.zotj.storage.local.LocalStorageDriver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turning dedupe on for an existing store shares its equal blobs; turning it off gives every
 * repository its own copy again, only when the disk has room, and picks up where an interrupted
 * run stopped.
 */
class DedupeMaintenanceTest {

  private static final List<String> REPOS = List.of("a", "b", "c", "d");
  private static final int SIZE = 200_000;

  @TempDir Path root;

  private CacheDriver cache;
  private byte[] layer;
  private String hex;

  @BeforeEach
  void storeWithFourCopiesOfOneLayer() throws Exception {
    cache = ServiceLoader.load(CacheDriverFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("embedded")).findFirst()
        .orElseThrow().open(new CacheContext(root, Map.of()));
    layer = new byte[SIZE];
    new Random(3).nextBytes(layer);
    hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
    for (String repo : REPOS) {
      Files.createDirectories(blob(repo).getParent());
      Files.write(blob(repo), layer); // as a store kept with dedupe off leaves them
      Files.writeString(root.resolve(repo + "/index.json"),
          "{\"schemaVersion\":2,\"manifests\":[]}");
    }
  }

  @AfterEach
  void closeIndex() throws Exception {
    cache.close();
  }

  private Path blob(String repo) {
    return root.resolve(repo + "/blobs/sha256/" + hex);
  }

  private Set<Object> inodes() throws Exception {
    Set<Object> inodes = new HashSet<>();
    for (String repo : REPOS) {
      inodes.add(Files.getAttribute(blob(repo), "unix:ino"));
      assertThat(Files.readAllBytes(blob(repo))).as(repo).isEqualTo(layer);
    }
    return inodes;
  }

  private DedupeMaintenance maintenance(boolean dedupe, StorageDriver driver) {
    StoreSettings settings = new StoreSettings(dedupe, false, Duration.ofHours(1),
        Optional.empty());
    return new DedupeMaintenance(new RegistryStore(StoreRoots.single(
        new StoreRoot("", root, driver, cache, settings))));
  }

  private LocalStorageDriver local() {
    return new LocalStorageDriver(root, false);
  }

  @Test
  void dedupeTurnedOnSharesTheBlobsOfAnExistingStore() throws Exception {
    assertThat(inodes()).hasSize(4);

    maintenance(true, local()).runAll();

    assertThat(inodes()).hasSize(1);
    assertThat(cache.locations("sha256:" + hex)).hasSize(4);
    assertThat(cache.has(DedupeMaintenance.COMPLETE, DedupeMaintenance.COMPLETE)).isTrue();
  }

  @Test
  void dedupeTurnedOffGivesEveryRepositoryItsOwnCopyAgain() throws Exception {
    maintenance(true, local()).runAll();
    assertThat(inodes()).hasSize(1);

    maintenance(false, local()).runAll();

    assertThat(inodes()).hasSize(4);
    for (String repo : REPOS) {
      assertThat(Files.getAttribute(blob(repo), "unix:nlink")).as(repo).isEqualTo(1);
    }
    assertThat(cache.has(DedupeMaintenance.COMPLETE, DedupeMaintenance.COMPLETE)).isFalse();
    assertThat(cache.locations("sha256:" + hex)).isEmpty();
    try (var uploads = Files.list(root.resolve("a/.uploads"))) {
      assertThat(uploads).as("no copy left behind").isEmpty();
    }
  }

  @Test
  void withoutRoomForTheCopiesDedupeOffLeavesTheBlobsSharedAndTriesAgainNextStart()
      throws Exception {
    maintenance(true, local()).runAll();

    // three copies of 200 kB are needed; the disk says it has two
    maintenance(false, new Faulty(local(), 2L * SIZE, Integer.MAX_VALUE)).runAll();

    assertThat(inodes()).hasSize(1);
    assertThat(cache.has(DedupeMaintenance.COMPLETE, DedupeMaintenance.COMPLETE))
        .as("still marked as deduped, so the next start tries again").isTrue();

    maintenance(false, new Faulty(local(), 3L * SIZE, Integer.MAX_VALUE)).runAll();

    assertThat(inodes()).hasSize(4);
  }

  @Test
  void anInterruptedDedupeOffStartsAgainAndFinishes() throws Exception {
    maintenance(true, local()).runAll();

    // the second copy fails half way, as a full disk or a kill would leave it
    maintenance(false, new Faulty(local(), Long.MAX_VALUE, 1)).runAll();

    Set<Object> partly = inodes();
    assertThat(partly).hasSize(2);
    assertThat(cache.has(DedupeMaintenance.COMPLETE, DedupeMaintenance.COMPLETE)).isTrue();

    maintenance(false, local()).runAll();

    assertThat(inodes()).hasSize(4);
    assertThat(cache.has(DedupeMaintenance.COMPLETE, DedupeMaintenance.COMPLETE)).isFalse();
  }

  @Test
  void theBlobsOfADedupedStoreKeepTheirBytesAndDigest() throws Exception {
    maintenance(true, local()).runAll();
    RegistryStore store = new RegistryStore(local());

    for (String repo : REPOS) {
      try (InputStream in = java.nio.channels.Channels.newInputStream(store.blobs().open(
          new RepositoryName(repo), Digest.parse("sha256:" + hex), 0, SIZE))) {
        assertThat(in.readAllBytes()).isEqualTo(layer);
      }
    }
  }

  /** A local driver that reports little free space, or fails writes after some. */
  private static final class Faulty extends ForwardingStorageDriver {
    private final long free;
    private final AtomicInteger writersLeft;

    Faulty(StorageDriver inner, long free, int writers) {
      super(inner);
      this.free = free;
      this.writersLeft = new AtomicInteger(writers);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws StorageException {
      if (writersLeft.getAndDecrement() > 0) {
        return inner.writer(path, append);
      }
      return super.writer(path, append);
    }

    @Override
    protected void beforeWrite(String path, long written, java.nio.ByteBuffer buffer)
        throws StorageException {
      if (written + buffer.remaining() > SIZE / 2) {
        throw new io.zotj.spi.storage.StorageFullException(path, null);
      }
    }

    @Override
    public long usableSpace() {
      return free;
    }

    @Override
    public void close() {
      // the test closes the local driver itself
    }
  }
}

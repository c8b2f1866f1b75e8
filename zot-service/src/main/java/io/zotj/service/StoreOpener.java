package io.zotj.service;

import io.zotj.service.config.StorageConfig;
import io.zotj.service.config.StoreConfig;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.store.RegistryStore;
import io.zotj.service.store.StoreRoot;
import io.zotj.service.store.StoreRoots;
import io.zotj.service.store.StoreSettings;
import io.zotj.spi.cache.CacheContext;
import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.cache.CacheDriverFactory;
import io.zotj.spi.storage.StorageContext;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageDriverFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the storage roots of a configuration (the global root and each subPath's), each with its
 * driver and its embedded dedupe index, as one {@link RegistryStore}.
 */
public final class StoreOpener {

  /** The cache driver every root gets when no remote one is configured. */
  static final String EMBEDDED_CACHE = "embedded";

  private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

  /** Held by a serving process in each of its roots; scrub refuses to run while it is held. */
  static final String SERVER_LOCK = ".zotj-server.lock";

  private static final Map<Path, FileChannel> LOCKS = new ConcurrentHashMap<>();

  private StoreOpener() {}

  /**
   * Takes the server lock of every root of the configuration, so that an offline command (scrub)
   * can tell that a server is running on it.
   */
  public static void lockRoots(StorageConfig storage) throws IOException {
    for (Path dir : directories(storage)) {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(dir.resolve(SERVER_LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      if (channel.tryLock() == null) {
        channel.close();
        throw new IOException("another zot server uses the storage root " + dir);
      }
      LOCKS.put(dir, channel);
    }
  }

  /** The roots whose server lock another process holds now. */
  public static List<Path> lockedByAServer(StorageConfig storage) throws IOException {
    List<Path> locked = new ArrayList<>();
    for (Path dir : directories(storage)) {
      Path file = dir.resolve(SERVER_LOCK);
      if (LOCKS.containsKey(dir)) {
        locked.add(dir); // a server of this very process
        continue;
      }
      if (!Files.exists(file)) {
        continue;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          locked.add(dir);
        } else {
          lock.release();
        }
      }
    }
    return locked;
  }

  /** Releases the server locks taken by {@link #lockRoots}. */
  public static void unlockRoots(StorageConfig storage) {
    for (Path dir : directories(storage)) {
      FileChannel channel = LOCKS.remove(dir);
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.debug("Releasing the server lock of {}: {}", dir, e.toString());
        }
      }
    }
  }

  private static List<Path> directories(StorageConfig storage) {
    List<Path> dirs = new ArrayList<>();
    dirs.add(storage.rootDirectory().toAbsolutePath().normalize());
    storage.subPaths().values().forEach(sub -> {
      Path dir = sub.rootDirectory().toAbsolutePath().normalize();
      if (!dirs.contains(dir)) {
        dirs.add(dir);
      }
    });
    return dirs;
  }

  /**
   * Opens every root.
   *
   * @param withCache false opens no dedupe index (scrub reads blobs only)
   */
  public static RegistryStore open(StorageConfig storage, PluginRegistry plugins,
      boolean withCache) throws IOException {
    Map<String, Object> driverSettings = storage.storageDriver();
    StorageDriverFactory factory = plugins.requireStorageDriver(storage.storageDriverName());
    Optional<CacheDriverFactory> cache = withCache
        ? plugins.cacheDriver(EMBEDDED_CACHE) : Optional.empty();
    if (withCache && cache.isEmpty()) {
      LOG.warn("No embedded cache driver is installed: dedupe works within a push only");
    }
    StoreRoot global = root("", storage, factory, driverSettings, storage.commit(), cache);
    List<StoreRoot> subPaths = new ArrayList<>();
    for (Map.Entry<String, StorageConfig.SubPathConfig> e : storage.subPaths().entrySet()) {
      String prefix = e.getKey().replaceAll("^/+|/+$", "");
      StorageConfig.SubPathConfig sub = e.getValue();
      // a subPath without a storageDriver section of its own uses the global driver
      boolean own = sub.storageDriver().containsKey("name");
      StorageDriverFactory subFactory = own
          ? plugins.requireStorageDriver(sub.storageDriverName()) : factory;
      subPaths.add(root(prefix, sub, subFactory, own ? sub.storageDriver() : driverSettings,
          storage.commit(), cache));
    }
    return new RegistryStore(new StoreRoots(global, subPaths));
  }

  private static StoreRoot root(String prefix, StoreConfig config, StorageDriverFactory factory,
      Map<String, Object> driverSettings, boolean commit, Optional<CacheDriverFactory> cache)
      throws IOException {
    Path directory = config.rootDirectory();
    StorageDriver driver = factory.open(new StorageContext(directory, commit, driverSettings));
    CacheDriver index = null;
    try {
      index = cache.map(c -> c.open(new CacheContext(directory, Map.of()))).orElse(null);
    } catch (RuntimeException | LinkageError e) {
      // Chronicle needs the JVM flags of the jar's manifest; without them, serve without
      // sharing rather than not at all.
      LOG.warn("Dedupe index of {} cannot be opened ({}): blobs are stored as copies",
          directory, e.toString());
    }
    StoreSettings settings = new StoreSettings(config.dedupe(), config.gc(), config.gcDelay(),
        config.gcInterval());
    StoreRoot root = new StoreRoot(prefix, directory, driver, index, settings);
    LOG.info("Storage root {}: {} driver at {}, dedupe {}, gc {}", root.label(), driver.name(),
        directory, settings.dedupe() ? "on" : "off", settings.gc()
            ? "on (delay " + settings.gcDelay() + ", "
                + settings.gcInterval().map(i -> "every " + i).orElse("after deletions") + ")"
            : "off");
    return root;
  }

  /** Closes every root's index and driver. */
  public static void close(RegistryStore store) {
    for (StoreRoot root : store.roots().all()) {
      try {
        if (root.cache() != null) {
          root.cache().close();
        }
        root.driver().close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Closing storage root {} failed: {}", root.label(), e.toString());
      }
    }
  }
}

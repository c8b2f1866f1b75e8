package io.zotj.service.plugin;

import io.zotj.spi.cache.CacheDriverFactory;
import io.zotj.spi.storage.StorageDriverFactory;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plug-ins of this process: every jar in the plug-in folder plus the class path, searched
 * once with {@link ServiceLoader}, by kind and name.
 *
 * <p>The folder is {@code -Dzot.plugins}, else {@code ZOT_PLUGINS_DIR}, else {@code plugins/}
 * beside the jar the service runs from. Two plug-ins of one kind with one name are refused.
 */
public final class PluginRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

  /** Jar file names of first-party plug-ins, for the message when a configured one is absent. */
  private static final Map<String, String> KNOWN_STORAGE_JARS = Map.of("s3", "zot-storage-s3.jar");

  private final Path folder;
  private final Map<String, StorageDriverFactory> storageDrivers;
  private final Map<String, CacheDriverFactory> cacheDrivers;
  private final List<String> loaded;

  private PluginRegistry(Path folder, Map<String, StorageDriverFactory> storageDrivers,
      Map<String, CacheDriverFactory> cacheDrivers, List<String> loaded) {
    this.folder = folder;
    this.storageDrivers = storageDrivers;
    this.cacheDrivers = cacheDrivers;
    this.loaded = List.copyOf(loaded);
  }

  /** Loads the plug-ins of the default folder and the class path. */
  public static PluginRegistry load() {
    return load(defaultFolder());
  }

  /** Loads the plug-ins of {@code folder} (which may be absent) and the class path. */
  public static PluginRegistry load(Path folder) {
    ClassLoader loader = classLoaderFor(folder);
    Map<String, StorageDriverFactory> drivers = new LinkedHashMap<>();
    List<String> loaded = new ArrayList<>();
    for (StorageDriverFactory factory : ServiceLoader.load(StorageDriverFactory.class, loader)) {
      String name = factory.name().toLowerCase(Locale.ROOT);
      StorageDriverFactory previous = drivers.putIfAbsent(name, factory);
      if (previous != null && previous.getClass() != factory.getClass()) {
        throw new PluginException("two storage driver plug-ins are named '" + name + "': "
            + describe(previous) + " and " + describe(factory) + "; remove one of the jars");
      }
      if (previous == null) {
        loaded.add("storage driver '" + name + "' " + describe(factory));
      }
    }
    Map<String, CacheDriverFactory> caches = new LinkedHashMap<>();
    for (CacheDriverFactory factory : ServiceLoader.load(CacheDriverFactory.class, loader)) {
      String name = factory.name().toLowerCase(Locale.ROOT);
      CacheDriverFactory previous = caches.putIfAbsent(name, factory);
      if (previous != null && previous.getClass() != factory.getClass()) {
        throw new PluginException("two cache driver plug-ins are named '" + name + "': "
            + describe(previous) + " and " + describe(factory) + "; remove one of the jars");
      }
      if (previous == null) {
        loaded.add("cache driver '" + name + "' " + describe(factory));
      }
    }
    return new PluginRegistry(folder, Map.copyOf(drivers), Map.copyOf(caches), loaded);
  }

  /** The cache driver factory of that name, if a plug-in provides it. */
  public Optional<CacheDriverFactory> cacheDriver(String name) {
    return Optional.ofNullable(cacheDrivers.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Logs one INFO line per plug-in found. Separate from loading, which happens while the
   * configuration is read, before logging is set up.
   */
  public void logLoaded() {
    loaded.forEach(line -> LOG.info("Plug-in: {}", line));
  }

  /** The storage driver factory of that name, if a plug-in provides it. */
  public Optional<StorageDriverFactory> storageDriver(String name) {
    return Optional.ofNullable(storageDrivers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The storage driver factory of that name, or a failure that names the jar to add. */
  public StorageDriverFactory requireStorageDriver(String name) {
    return storageDriver(name).orElseThrow(() -> new PluginException(missing("storage driver",
        name, KNOWN_STORAGE_JARS.getOrDefault(name.toLowerCase(Locale.ROOT),
            "zot-storage-" + name + ".jar"))));
  }

  /** The message for a configured plug-in whose jar is not there. */
  public String missing(String kind, String name, String jar) {
    return kind + " '" + name + "' is configured but its plug-in jar " + jar
        + " is not installed: put it in " + folder.toAbsolutePath();
  }

  /** The folder plug-in jars are read from. */
  public Path folder() {
    return folder;
  }

  public static Path defaultFolder() {
    String property = System.getProperty("zot.plugins");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("ZOT_PLUGINS_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    try {
      Path source = Path.of(PluginRegistry.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      Path base = Files.isRegularFile(source) ? source.getParent() : source;
      return base.resolve("plugins");
    } catch (Exception e) {
      return Path.of("plugins");
    }
  }

  private static ClassLoader classLoaderFor(Path folder) {
    ClassLoader parent = PluginRegistry.class.getClassLoader();
    if (!Files.isDirectory(folder)) {
      return parent;
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new PluginException("cannot read plug-in folder " + folder + ": " + e.getMessage());
    } catch (IOException e) {
      throw new PluginException("cannot list plug-in folder " + folder + ": " + e.getMessage());
    }
    return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
  }

  private static String describe(Object plugin) {
    Package pkg = plugin.getClass().getPackage();
    String version = pkg == null || pkg.getImplementationVersion() == null
        ? "(unversioned)" : pkg.getImplementationVersion();
    String jar;
    try {
      jar = Path.of(plugin.getClass().getProtectionDomain().getCodeSource().getLocation()
          .toURI()).getFileName().toString();
    } catch (Exception e) {
      jar = "class path";
    }
    return "version " + version + " from " + jar;
  }
}

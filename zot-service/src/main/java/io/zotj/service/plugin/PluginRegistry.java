package io.zotj.service.plugin;

import io.zotj.spi.cache.CacheDriverFactory;
import io.zotj.spi.extension.ExtensionFactory;
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

  /** Jar file names of first-party extensions, by the key of their configuration section. */
  public static final Map<String, String> EXTENSION_JARS = Map.of(
      "metrics", "zot-ext-metrics.jar", "sync", "zot-ext-sync.jar",
      "search", "zot-ext-search.jar");

  private final Path folder;
  private final Map<String, StorageDriverFactory> storageDrivers;
  private final Map<String, CacheDriverFactory> cacheDrivers;
  private final Map<String, ExtensionFactory> extensions;
  private final List<String> loaded;

  private PluginRegistry(Path folder, Map<String, StorageDriverFactory> storageDrivers,
      Map<String, CacheDriverFactory> cacheDrivers, Map<String, ExtensionFactory> extensions,
      List<String> loaded) {
    this.folder = folder;
    this.storageDrivers = storageDrivers;
    this.cacheDrivers = cacheDrivers;
    this.extensions = extensions;
    this.loaded = List.copyOf(loaded);
  }

  /** Loads the plug-ins of the default folder and the class path. */
  public static PluginRegistry load() {
    return load(defaultFolder());
  }

  /** Loads the plug-ins of {@code folder} (which may be absent) and the class path. */
  public static PluginRegistry load(Path folder) {
    ClassLoader loader = classLoaderFor(folder);
    List<String> loaded = new ArrayList<>();
    Map<String, StorageDriverFactory> drivers = find(StorageDriverFactory.class, loader,
        "storage driver", StorageDriverFactory::name, loaded);
    Map<String, CacheDriverFactory> caches = find(CacheDriverFactory.class, loader,
        "cache driver", CacheDriverFactory::name, loaded);
    Map<String, ExtensionFactory> extensions = find(ExtensionFactory.class, loader,
        "extension", ExtensionFactory::name, loaded);
    return new PluginRegistry(folder, drivers, caches, extensions, loaded);
  }

  /** Tests: a registry of exactly these factories, as if found on the class path. */
  public static PluginRegistry of(Path folder, List<StorageDriverFactory> drivers,
      List<ExtensionFactory> extensions) {
    Map<String, StorageDriverFactory> d = new LinkedHashMap<>();
    drivers.forEach(f -> d.put(f.name().toLowerCase(Locale.ROOT), f));
    Map<String, ExtensionFactory> e = new LinkedHashMap<>();
    extensions.forEach(f -> e.put(f.name().toLowerCase(Locale.ROOT), f));
    return new PluginRegistry(folder, Map.copyOf(d), Map.of(), Map.copyOf(e), List.of());
  }

  private static <T> Map<String, T> find(Class<T> kind, ClassLoader loader, String label,
      java.util.function.Function<T, String> naming, List<String> loaded) {
    Map<String, T> found = new LinkedHashMap<>();
    for (T factory : ServiceLoader.load(kind, loader)) {
      String name = naming.apply(factory).toLowerCase(Locale.ROOT);
      T previous = found.putIfAbsent(name, factory);
      if (previous != null && previous.getClass() != factory.getClass()) {
        throw new PluginException("two " + label + " plug-ins are named '" + name + "': "
            + describe(previous) + " and " + describe(factory) + "; remove one of the jars");
      }
      if (previous == null) {
        loaded.add(label + " '" + name + "' " + describe(factory));
      }
    }
    return Map.copyOf(found);
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

  /** The cache driver factory of that name, if a plug-in provides it. */
  public Optional<CacheDriverFactory> cacheDriver(String name) {
    return Optional.ofNullable(cacheDrivers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The extension factory for the section {@code extensions.<name>}, if a plug-in provides it. */
  public Optional<ExtensionFactory> extension(String name) {
    return Optional.ofNullable(extensions.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The jar that provides the extension of that name, for messages. */
  public static String extensionJar(String name) {
    return EXTENSION_JARS.getOrDefault(name, "zot-ext-" + name + ".jar");
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

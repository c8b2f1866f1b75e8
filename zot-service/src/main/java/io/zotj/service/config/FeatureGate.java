package io.zotj.service.config;

import io.zotj.service.plugin.PluginRegistry;
import io.zotj.spi.extension.ExtensionFactory;
import io.zotj.spi.storage.StorageDriverFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a configuration that turns on a feature this build cannot serve: built-in features not
 * written yet fail with "not available yet"; features that come in an optional jar fail with the
 * name of the missing jar.
 */
final class FeatureGate {

  private static final Pattern DRIVER_PROBLEM = Pattern.compile("(storageDriver[^:\\s]*): (.+)");

  static final String CACHE_DYNAMODB_JAR = "zot-cache-dynamodb.jar";

  private final PluginRegistry plugins;
  private final List<ConfigProblem> problems;

  FeatureGate(PluginRegistry plugins, List<ConfigProblem> problems) {
    this.plugins = plugins;
    this.problems = problems;
  }

  void check(ZotConfiguration config) {
    http(config.http());
    storage(config.storage());
    config.extensions().configured().forEach((name, extension) -> {
      if (!extension.enabled()) {
        return;
      }
      String at = "extensions." + name;
      if (name.equals("scrub")) {
        return; // built into the service
      }
      Optional<ExtensionFactory> factory = plugins.extension(name);
      if (factory.isPresent()) {
        extension(at, factory.get(), extension);
      } else if (PluginRegistry.EXTENSION_JARS.containsKey(name)) {
        problems.add(new ConfigProblem(at,
            plugins.missing("extension", name, PluginRegistry.extensionJar(name))));
      } else {
        notYet(at, "the " + name + " extension");
      }
    });
  }

  /** Lets the extension check its own section; its problems are placed under the section. */
  private void extension(String at, ExtensionFactory factory, ExtensionConfig section) {
    for (String problem : factory.validate(ExtensionSections.toMap(section))) {
      int colon = problem.indexOf(": ");
      boolean keyed = colon > 0 && !problem.substring(0, colon).contains(" ");
      problems.add(keyed
          ? new ConfigProblem(at + "." + problem.substring(0, colon), problem.substring(colon + 2))
          : new ConfigProblem(at, problem));
    }
  }

  private void http(HttpConfig http) {
    http.tls().ifPresent(tls -> SecurityChecks.tls(tls, problems));
    http.auth().ifPresent(auth -> {
      auth.methods().stream().filter(m -> m.equals("openid") || m.equals("apikey"))
          .forEach(m -> notYet("http.auth." + m, m + " authentication"));
      SecurityChecks.auth(auth, problems);
    });
    http.ratelimit().ifPresent(r -> notYet("http.ratelimit", "rate limiting"));
    http.allowOrigin().ifPresent(o -> notYet("http.allowOrigin", "CORS (allowOrigin)"));
  }

  private void storage(StorageConfig storage) {
    store("storage", storage);
    storage.retention().ifPresent(r -> notYet("storage.retention", "retention policies"));
    storage.subPaths().forEach((prefix, sub) ->
        store(ConfigPaths.mapKey("storage.subPaths", prefix), sub));
  }

  /** The drivers and caches of the global store or of one subPath, under its own key. */
  private void store(String at, StoreConfig store) {
    if (store.remoteCache()) {
      notYet(at + ".remoteCache", "a remote cache");
    }
    storageDriver(at, store);
    cacheDriver(at, store.cacheDriver());
  }

  private void storageDriver(String at, StoreConfig store) {
    Map<String, Object> settings = store.storageDriver();
    if (settings.isEmpty() || !settings.containsKey("name")) {
      return;
    }
    String name = store.storageDriverName();
    Optional<StorageDriverFactory> factory = plugins.storageDriver(name);
    if (factory.isEmpty()) {
      String jar = "zot-storage-" + name + ".jar";
      problems.add(new ConfigProblem(at + ".storageDriver.name",
          plugins.missing("storage driver", name, jar)));
      return;
    }
    for (String problem : factory.get().validate(settings)) {
      // drivers name their keys "storageDriver.x: reason"; place them under the store's key
      Matcher m = DRIVER_PROBLEM.matcher(problem);
      problems.add(m.matches() ? new ConfigProblem(at + "." + m.group(1), m.group(2))
          : new ConfigProblem(at + ".storageDriver", problem));
    }
  }

  private void cacheDriver(String at, Map<String, Object> settings) {
    Object name = settings.get("name");
    if (name == null) {
      return;
    }
    String lower = name.toString().toLowerCase(Locale.ROOT);
    if (lower.equals("dynamodb")) {
      // no remote cache driver is written yet, so its plug-in cannot be present
      problems.add(new ConfigProblem(at + ".cacheDriver.name",
          plugins.missing("cache driver", lower, CACHE_DYNAMODB_JAR)));
    } else {
      problems.add(new ConfigProblem(at + ".cacheDriver.name", "'" + name
          + "' is not a cache driver (the one there is: dynamodb)"
          + KeySuggester.hint(lower, List.of("dynamodb"))));
    }
  }

  private void notYet(String path, String feature) {
    problems.add(new ConfigProblem(path, feature + " is not available yet; remove " + path
        + " or turn it off"));
  }
}

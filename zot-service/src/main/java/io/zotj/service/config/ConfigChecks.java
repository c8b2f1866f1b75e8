package io.zotj.service.config;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of values that need more than a type: required keys, formats, allowed words. */
final class ConfigChecks {

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final List<ConfigProblem> problems;

  ConfigChecks(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  void check(ZotConfiguration config) {
    if (!VERSION.matcher(config.distSpecVersion()).matches()) {
      add("distSpecVersion", "'" + config.distSpecVersion() + "' is not a version such as 1.1.1");
    }
    storage(config.storage());
    http(config.http());
    log(config.log());
    extensions(config.extensions());
  }

  private void storage(StorageConfig storage) {
    store("storage", storage);
    storage.subPaths().forEach((prefix, sub) -> {
      String at = ConfigPaths.mapKey("storage.subPaths", prefix);
      if (!prefix.startsWith("/") || prefix.length() < 2) {
        add(at, "a sub-path is a repository path prefix starting with '/', such as /a");
      }
      store(at, sub);
      if (sub.rawRootDirectory() != null
          && (sub.rawRootDirectory().equals(storage.rawRootDirectory())
              || sameDirectory(sub, storage))) {
        add(at + ".rootDirectory", "must differ from storage.rootDirectory");
      }
    });
    sharedSubPathRoots(storage);
  }

  /** Two subPaths on one root would each manage the other's blobs: only with equal settings. */
  private void sharedSubPathRoots(StorageConfig storage) {
    java.util.Map<java.nio.file.Path, String> first = new java.util.HashMap<>();
    java.util.Map<java.nio.file.Path, String> settingsOf = new java.util.HashMap<>();
    storage.subPaths().forEach((prefix, sub) -> {
      if (sub.rawRootDirectory() == null || sub.rawRootDirectory().isBlank()) {
        return;
      }
      java.nio.file.Path root = sub.rootDirectory().toAbsolutePath().normalize();
      String settings = sub.dedupe() + "/" + sub.gc() + "/" + sub.gcDelay() + "/"
          + sub.gcInterval();
      String other = first.putIfAbsent(root, prefix);
      settingsOf.putIfAbsent(root, settings);
      if (other != null && !settings.equals(settingsOf.get(root))) {
        add(ConfigPaths.mapKey("storage.subPaths", prefix) + ".rootDirectory", "is also the"
            + " root of subPath " + other + " with other dedupe or gc settings: give each its"
            + " own rootDirectory or the same settings");
      }
    });
  }

  private static boolean sameDirectory(StoreConfig a, StoreConfig b) {
    return a.rootDirectory() != null && b.rootDirectory() != null
        && a.rootDirectory().toAbsolutePath().normalize()
            .equals(b.rootDirectory().toAbsolutePath().normalize());
  }

  private void store(String at, StoreConfig store) {
    if (store.rawRootDirectory() == null || store.rawRootDirectory().isBlank()) {
      add(at + ".rootDirectory", "required: the directory that holds the repositories");
    }
    if (!store.storageDriver().isEmpty() && !store.storageDriver().containsKey("name")) {
      add(at + ".storageDriver.name", "required: the driver to use, such as s3");
    }
    if (!store.cacheDriver().isEmpty() && !store.cacheDriver().containsKey("name")) {
      add(at + ".cacheDriver.name", "required: the cache driver to use, such as dynamodb");
    }
  }

  private void http(HttpConfig http) {
    if (http.address().isBlank()) {
      add("http.address", "must not be empty");
    }
    http.externalUrl().ifPresent(url -> {
      if (!isHttpUrl(url)) {
        add("http.externalUrl", "'" + url + "' is not an absolute http or https URL");
      }
    });
    http.tls().ifPresent(tls -> {
      if (tls.cert().isEmpty()) {
        add("http.tls.cert", "required when http.tls is given");
      }
      if (tls.key().isEmpty()) {
        add("http.tls.key", "required when http.tls is given");
      }
    });
    http.auth().ifPresent(this::auth);
    http.accessControl().ifPresent(this::accessControl);
    http.ratelimit().ifPresent(limit -> {
      for (int i = 0; i < limit.methods().size(); i++) {
        String method = limit.methods().get(i).method().orElse("");
        if (!METHODS.contains(method.toUpperCase(java.util.Locale.ROOT))) {
          add("http.ratelimit.methods[" + i + "].method",
              "'" + method + "' is not an HTTP method" + KeySuggester.hint(method, METHODS));
        }
      }
    });
  }

  private void auth(AuthConfig auth) {
    auth.htpasswd().ifPresent(h -> {
      if (h.path().isEmpty()) {
        add("http.auth.htpasswd.path", "required when htpasswd is given");
      }
    });
    auth.ldap().ifPresent(l -> {
      if (l.address().isEmpty()) {
        add("http.auth.ldap.address", "required when ldap is given");
      }
      if (l.baseDN().isEmpty()) {
        add("http.auth.ldap.baseDN", "required when ldap is given");
      }
    });
    auth.bearer().ifPresent(b -> {
      if (b.realm().isEmpty()) {
        add("http.auth.bearer.realm", "required when bearer is given");
      }
      if (b.service().isEmpty()) {
        add("http.auth.bearer.service", "required when bearer is given");
      }
    });
  }

  private void accessControl(AccessControlConfig access) {
    String base = "http.accessControl";
    access.repositories().forEach((glob, policy) -> {
      String at = ConfigPaths.mapKey(base, glob);
      actions(at + ".defaultPolicy", policy.defaultPolicy());
      actions(at + ".anonymousPolicy", policy.anonymousPolicy());
      for (int i = 0; i < policy.policies().size(); i++) {
        actions(at + ".policies[" + i + "].actions", policy.policies().get(i).actions());
      }
    });
    access.adminPolicy().ifPresent(p -> actions(base + ".adminPolicy.actions", p.actions()));
  }

  private void actions(String at, List<String> actions) {
    for (int i = 0; i < actions.size(); i++) {
      String action = actions.get(i);
      if (!AccessControlConfig.ACTIONS.contains(action)) {
        add(at + "[" + i + "]", "'" + action + "' is not an action (one of "
            + String.join(", ", AccessControlConfig.ACTIONS) + ")"
            + KeySuggester.hint(action, AccessControlConfig.ACTIONS));
      }
    }
  }

  private void log(LogConfig log) {
    if (!LogConfig.LEVELS.contains(log.level())) {
      add("log.level", "'" + log.level() + "' is not a level (one of "
          + String.join(", ", LogConfig.LEVELS) + ")" + KeySuggester.hint(log.level(),
              LogConfig.LEVELS));
    }
    log.output().filter(String::isBlank).ifPresent(o -> add("log.output", "must not be empty"));
    log.audit().filter(String::isBlank).ifPresent(o -> add("log.audit", "must not be empty"));
  }

  private void extensions(ExtensionsConfig extensions) {
    extensions.metrics().ifPresent(m -> {
      if (!m.prometheus().path().startsWith("/")) {
        add("extensions.metrics.prometheus.path", "must start with '/'");
      }
    });
    extensions.sync().ifPresent(sync -> {
      for (int i = 0; i < sync.registries().size(); i++) {
        ExtensionsConfig.SyncRegistry registry = sync.registries().get(i);
        String at = "extensions.sync.registries[" + i + "]";
        if (registry.urls().isEmpty()) {
          add(at + ".urls", "required: at least one registry URL");
        }
        for (int u = 0; u < registry.urls().size(); u++) {
          if (!isHttpUrl(registry.urls().get(u))) {
            add(at + ".urls[" + u + "]", "'" + registry.urls().get(u)
                + "' is not an absolute http or https URL");
          }
        }
        if (registry.maxRetries().isPresent() && registry.retryDelay().isEmpty()) {
          add(at + ".retryDelay", "required when maxRetries is given");
        }
      }
    });
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return uri.getHost() != null && ("http".equals(uri.getScheme())
          || "https".equals(uri.getScheme()));
    } catch (Exception e) {
      return false;
    }
  }

  private void add(String path, String reason) {
    problems.add(new ConfigProblem(path, reason));
  }
}

package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.plugin.PluginRegistry;
import io.zotj.spi.extension.Extension;
import io.zotj.spi.extension.ExtensionContext;
import io.zotj.spi.extension.ExtensionFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureGateTest {

  @TempDir Path dir;

  private List<String> problems(String json) throws Exception {
    return new ConfigFiles(dir).problems("c.json", json);
  }

  private String plugins() {
    return dir.resolve("plugins").toAbsolutePath().toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "'\"http\": {\"auth\": {\"apikey\": true}}'|http.auth.apikey|apikey authentication",
    "'\"http\": {\"auth\": {\"openid\": {\"providers\": {}}}}'|http.auth.openid"
        + "|openid authentication",
    "'\"http\": {\"ratelimit\": {\"rate\": 10}}'|http.ratelimit|rate limiting",
    "'\"http\": {\"allowOrigin\": \"*\"}'|http.allowOrigin|CORS (allowOrigin)",
    "'\"extensions\": {\"lint\": {\"enable\": \"true\"}}'|extensions.lint|the lint extension",
    "'\"extensions\": {\"ui\": {\"enable\": true}}'|extensions.ui|the ui extension",
    "'\"extensions\": {\"mgmt\": {}}'|extensions.mgmt|the mgmt extension",
    "'\"extensions\": {\"trust\": {\"cosign\": true}}'|extensions.trust|the trust extension",
    "'\"scheduler\": {}, \"storage\": {\"rootDirectory\": \"/s\", \"remoteCache\": true}'"
        + "|storage.remoteCache|a remote cache",
    "'\"storage\": {\"rootDirectory\": \"/s\", \"retention\": {\"dryRun\": true}}'"
        + "|storage.retention|retention policies"
  })
  void refusesABuiltInFeatureThatIsNotAvailableYet(String section, String key, String feature)
      throws Exception {
    String json = section.contains("\"storage\"") ? "{" + section + "}"
        : "{\"storage\": {\"rootDirectory\": \"/s\"}, " + section + "}";

    assertThat(problems(json)).containsExactly(key + ": " + feature
        + " is not available yet; remove " + key + " or turn it off");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "metrics|{}|zot-ext-metrics.jar",
    "sync|{\"enable\": \"true\", \"registries\": [{\"urls\": [\"https://r.io\"]}]}"
        + "|zot-ext-sync.jar",
    "search|{\"cve\": {\"updateInterval\": \"2h\"}}|zot-ext-search.jar"
  })
  void namesTheMissingJarOfAnOptionalExtension(String name, String body, String jar)
      throws Exception {
    assertThat(problems("{\"storage\": {\"rootDirectory\": \"/s\"}, \"extensions\": {\""
        + name + "\": " + body + "}}")).containsExactly("extensions." + name + ": extension '"
        + name + "' is configured but its plug-in jar " + jar + " is not installed: put it in "
        + plugins());
  }

  @Test
  void acceptsAnExtensionWhosePluginIsPresentAndHandsItTheParsedSection() throws Exception {
    List<Map<String, Object>> seen = new ArrayList<>();
    ExtensionFactory metrics = factory("metrics", section -> {
      seen.add(section);
      return List.of();
    });
    ConfigFiles files = new ConfigFiles(dir,
        () -> PluginRegistry.of(dir.resolve("plugins"), List.of(), List.of(metrics)));

    files.load("c.json", "{\"storage\": {\"rootDirectory\": \"/s\"},"
        + " \"extensions\": {\"metrics\": {}}}");

    assertThat(seen).singleElement().satisfies(section -> assertThat(section)
        .containsEntry("prometheus", Map.of("path", "/metrics")));
  }

  @Test
  void placesAnExtensionsOwnProblemsUnderItsSection() throws Exception {
    ExtensionFactory metrics = factory("metrics",
        section -> List.of("prometheus.path: is inside /v2", "no colon key here"));
    ConfigFiles files = new ConfigFiles(dir,
        () -> PluginRegistry.of(dir.resolve("plugins"), List.of(), List.of(metrics)));

    assertThat(files.problems("c.json", "{\"storage\": {\"rootDirectory\": \"/s\"},"
        + " \"extensions\": {\"metrics\": {\"prometheus\": {\"path\": \"/v2/m\"}}}}"))
        .containsExactly("extensions.metrics.prometheus.path: is inside /v2",
            "extensions.metrics: no colon key here");
  }

  @Test
  void aDisabledExtensionNeedsNoJar() throws Exception {
    new ConfigFiles(dir).load("c.json", "{\"storage\": {\"rootDirectory\": \"/s\"},"
        + " \"extensions\": {\"metrics\": {\"enable\": false}}}");
  }

  private static ExtensionFactory factory(String name,
      Function<Map<String, Object>, List<String>> validate) {
    return new ExtensionFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> validate(Map<String, Object> section) {
        return validate.apply(section);
      }

      @Override
      public Extension create(ExtensionContext context) {
        throw new UnsupportedOperationException("configuration tests create nothing");
      }
    };
  }

  @Test
  void namesTheMissingJarOfTheS3DriverAndTheDynamoDbCache() throws Exception {
    assertThat(problems("""
        {"storage": {"rootDirectory": "/s",
          "storageDriver": {"name": "s3", "region": "us-east-2", "bucket": "zot"},
          "cacheDriver": {"name": "dynamodb", "endpoint": "http://localhost:4566"}}}
        """)).containsExactly(
            "storage.storageDriver.name: storage driver 's3' is configured but its plug-in jar"
                + " zot-storage-s3.jar is not installed: put it in " + plugins(),
            "storage.cacheDriver.name: cache driver 'dynamodb' is configured but its plug-in"
                + " jar zot-cache-dynamodb.jar is not installed: put it in " + plugins());
  }

  @Test
  void acceptsDisabledFeaturesAndTheLocalDriver() throws Exception {
    ZotConfiguration c = new ConfigFiles(dir).load("c.json", """
        {"storage": {"rootDirectory": "/s", "remoteCache": false,
                     "storageDriver": {"name": "local"}},
         "http": {"auth": {"failDelay": 5}, "externalUrl": "https://zot.example",
                  "accessControl": {}},
         "scheduler": {"numWorkers": 4},
         "extensions": {"metrics": {"enable": false}, "sync": {"enable": "false"},
                        "search": {"enable": false}, "scrub": {"enable": false},
                        "lint": {"enable": false}, "ui": {"enable": false},
                        "mgmt": {"enable": false}, "trust": {"enable": false}}}
        """);

    assertThat(c.storage().storageDriverName()).isEqualTo("local");
    assertThat(c.http().auth().orElseThrow().failDelay()).isEqualTo(5);
    assertThat(c.scheduler().numWorkers()).contains(4);
    assertThat(c.extensions().configured()).hasSize(8)
        .allSatisfy((name, e) -> assertThat(e.enabled()).as(name).isFalse());
  }

  @Test
  void namesAnUnknownStorageOrCacheDriver() throws Exception {
    assertThat(problems("""
        {"storage": {"rootDirectory": "/s", "storageDriver": {"name": "gcs"},
                     "cacheDriver": {"name": "dynamo"}}}
        """)).containsExactly(
            "storage.storageDriver.name: storage driver 'gcs' is configured but its plug-in jar"
                + " zot-storage-gcs.jar is not installed: put it in " + plugins(),
            "storage.cacheDriver.name: 'dynamo' is not a cache driver (the one there is:"
                + " dynamodb); did you mean 'dynamodb'?");
  }

  @Test
  void namesTheMissingJarOfADriverOrCacheNamedByASubPath() throws Exception {
    assertThat(problems("""
        {"storage": {"rootDirectory": "/s",
          "subPaths": {
            "/a": {"rootDirectory": "/sa",
                   "storageDriver": {"name": "s3", "region": "us-east-2", "bucket": "zot"}},
            "/b": {"rootDirectory": "/sb",
                   "cacheDriver": {"name": "dynamodb", "endpoint": "http://localhost:4566"},
                   "remoteCache": true}}}}
        """)).containsExactly(
            "storage.subPaths[\"/a\"].storageDriver.name: storage driver 's3' is configured but"
                + " its plug-in jar zot-storage-s3.jar is not installed: put it in " + plugins(),
            "storage.subPaths[\"/b\"].remoteCache: a remote cache is not available yet; remove"
                + " storage.subPaths[\"/b\"].remoteCache or turn it off",
            "storage.subPaths[\"/b\"].cacheDriver.name: cache driver 'dynamodb' is configured"
                + " but its plug-in jar zot-cache-dynamodb.jar is not installed: put it in "
                + plugins());
  }

  @Test
  void acceptsASubPathThatNamesTheLocalDriver() throws Exception {
    ZotConfiguration c = new ConfigFiles(dir).load("c.json", """
        {"storage": {"rootDirectory": "/s",
          "subPaths": {"/a": {"rootDirectory": "/sa", "storageDriver": {"name": "local"}}}}}
        """);

    assertThat(c.storage().subPaths().get("/a").storageDriverName()).isEqualTo("local");
  }
}

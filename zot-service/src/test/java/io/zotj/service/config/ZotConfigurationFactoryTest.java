package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZotConfigurationFactoryTest {

  @TempDir Path dir;

  private ConfigFiles files() {
    return new ConfigFiles(dir);
  }

  private static final String JSON = """
      {
        "distSpecVersion": "1.1.0",
        "storage": {
          "rootDirectory": "/var/lib/registry",
          "commit": true,
          "dedupe": false,
          "gc": true,
          "gcDelay": "2h",
          "gcInterval": "24h"
        },
        "http": {
          "address": "0.0.0.0",
          "port": "5000",
          "realm": "zot"
        },
        "log": {
          "level": "info",
          "output": "/tmp/zot.log"
        }
      }
      """;

  private static final String YAML = """
      distSpecVersion: 1.1.0
      storage:
        rootDirectory: /var/lib/registry
        commit: true
        dedupe: false
        gc: true
        gcDelay: 2h
        gcInterval: 24h
      http:
        address: 0.0.0.0
        port: 5000
        realm: zot
      log:
        level: info
        output: /tmp/zot.log
      """;

  static String summary(ZotConfiguration c) {
    return String.join("|", c.distSpecVersion(), c.storage().rootDirectory().toString(),
        "" + c.storage().commit(), "" + c.storage().dedupe(), "" + c.storage().gc(),
        "" + c.storage().gcDelay(), "" + c.storage().gcInterval(), c.http().address(),
        "" + c.http().port(), c.http().realm(), c.log().level(), "" + c.log().output(),
        "" + c.storage().storageDriver(), c.storage().storageDriverName());
  }

  @Test
  void jsonWithTabsAndYamlOfTheSameConfigReadTheSame() throws Exception {
    String tabbed = ConfigFiles.tabs(JSON);
    assertThat(tabbed).contains("\n\t\t\"rootDirectory\"");

    ZotConfiguration json = files().load("config.json", tabbed);
    ZotConfiguration yaml = files().load("config.yaml", YAML);
    ZotConfiguration yml = files().load("config.yml", YAML);

    assertThat(summary(json)).isEqualTo(summary(yaml)).isEqualTo(summary(yml));
    assertThat(json.storage().rootDirectory()).isEqualTo(Path.of("/var/lib/registry"));
    assertThat(json.storage().commit()).isTrue();
    assertThat(json.storage().dedupe()).isFalse();
    assertThat(json.storage().gcDelay()).isEqualTo(Duration.ofHours(2));
    assertThat(json.storage().gcInterval()).contains(Duration.ofHours(24));
    assertThat(json.http().port()).isEqualTo(5000);
    assertThat(json.log().output()).contains("/tmp/zot.log");
    assertThat(json.storage().storageDriver()).isEmpty();
    assertThat(json.storage().storageDriverName()).isEqualTo("local");
  }

  @Test
  void keysMatchWithoutRegardToCase() throws Exception {
    ZotConfiguration c = files().load("c.json", """
        {"DistSpecVersion": "1.0.1",
         "STORAGE": {"rootdirectory": "/srv/zot", "GCDelay": "30m", "Dedupe": false},
         "Http": {"ADDRESS": "127.0.0.1", "Port": 8081},
         "log": {"Level": "warn"}}
        """);

    assertThat(c.distSpecVersion()).isEqualTo("1.0.1");
    assertThat(c.storage().rootDirectory()).isEqualTo(Path.of("/srv/zot"));
    assertThat(c.storage().gcDelay()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.storage().dedupe()).isFalse();
    assertThat(c.http().port()).isEqualTo(8081);
    assertThat(c.log().level()).isEqualTo("warn");
  }

  @Test
  void coercesStringsToBooleansAndNumbersAndNumbersToStrings() throws Exception {
    ZotConfiguration c = files().load("c.json", """
        {"distSpecVersion": "1.1.1",
         "storage": {"rootDirectory": "/srv/zot", "commit": "true", "dedupe": "false",
                     "gc": 0},
         "http": {"address": "127.0.0.1", "port": "5000", "realm": 42}}
        """);

    assertThat(c.storage().commit()).isTrue();
    assertThat(c.storage().dedupe()).isFalse();
    assertThat(c.storage().gc()).isFalse();
    assertThat(c.http().port()).isEqualTo(5000);
    assertThat(c.http().realm()).isEqualTo("42");
  }

  @Test
  void readsGoDurationsAndBareNanoseconds() throws Exception {
    ZotConfiguration c = files().load("c.json", """
        {"storage": {"rootDirectory": "/srv/zot", "gcDelay": 1500000000,
                     "gcInterval": "1h30m"},
         "extensions": {"scrub": {"enable": false, "interval": "500ms"}}}
        """);

    assertThat(c.storage().gcDelay()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.storage().gcInterval()).contains(Duration.ofMinutes(90));
    assertThat(c.extensions().scrub().orElseThrow().interval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void appliesZotsDefaultsForAbsentKeys() throws Exception {
    ZotConfiguration c = files().load("c.yaml", ConfigFiles.minimalYaml("/srv/zot"));

    assertThat(c.distSpecVersion()).isEqualTo(ZotConfiguration.DIST_SPEC_VERSION);
    assertThat(c.http().address()).isEqualTo("127.0.0.1");
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.storage().dedupe()).isTrue();
    assertThat(c.storage().gc()).isTrue();
    assertThat(c.storage().commit()).isFalse();
    assertThat(c.storage().gcDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(c.storage().gcInterval()).isEmpty();
    assertThat(c.log().level()).isEqualTo("debug");
    assertThat(c.log().output()).isEmpty();
    assertThat(c.extensions().configured()).isEmpty();
  }

  @Test
  void theEmbeddedDefaultServesTmpZotOnLoopbackAtInfo() throws Exception {
    ZotConfiguration c = files().factory().build();

    assertThat(c.storage().rootDirectory()).isEqualTo(Path.of(StorageConfig.DEFAULT_ROOT))
        .isEqualTo(Path.of("/tmp/zot"));
    assertThat(c.http().address()).isEqualTo("127.0.0.1");
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.log().level()).isEqualTo("info");
  }

  @Test
  void storageDriverKeysAreLowerCased() throws Exception {
    ZotConfiguration c = files().load("c.json", """
        {"storage": {"rootDirectory": "/srv/zot",
          "storageDriver": {"Name": "LOCAL", "RootDirectory": "/x"}}}
        """);

    assertThat(c.storage().storageDriver()).containsEntry("name", "LOCAL")
        .containsEntry("rootdirectory", "/x");
    assertThat(c.storage().storageDriverName()).isEqualTo("local");
  }

  @Test
  void driverSettingsMaskSecretsWhenPrinted() {
    var settings = new MaskedSettings(java.util.Map.of("SecretKey", "hunter2", "region", "eu"));

    assertThat(settings).containsEntry("secretkey", "hunter2");
    assertThat(settings.toString()).doesNotContain("hunter2").contains("region=eu");
  }

  @Test
  void singleValuesAreReadAsListsOfOne() throws Exception {
    ZotConfiguration c = files().load("c.yaml", ConfigFiles.minimalYaml("/srv/zot") + """
        extensions:
          lint:
            enable: false
            mandatoryAnnotations: org.opencontainers.image.source
        """);

    assertThat(c.extensions().lint().orElseThrow().mandatoryAnnotations())
        .containsExactly("org.opencontainers.image.source");
  }

  @Test
  void dwPropertyOverridesApplyLikeDropwizardsOwn() throws Exception {
    System.setProperty("dw.http.port", "0");
    try {
      ZotConfiguration c = files().load("c.yaml", ConfigFiles.minimalYaml("/srv/zot")
          + "HTTP:\n  PORT: 9000\n");
      assertThat(c.http().port()).isZero();
    } finally {
      System.clearProperty("dw.http.port");
    }
  }

  @Test
  void announcesHowStorageIsManagedOnceAtStartup() throws Exception {
    ZotConfiguration on = files().load("on.yaml", ConfigFiles.minimalYaml("/srv/zot"));
    ZotConfiguration off = files().load("off.yaml", ConfigFiles.minimalYaml("/srv/zot")
        + "  dedupe: false\n  gc: false\n");

    assertThat(on.startupNotices()).containsExactly(
        "Storage management: dedupe on, gc on (delay PT1H, after deletions)");
    assertThat(off.startupNotices()).containsExactly("Storage management: dedupe off, gc off");
  }

  @Test
  void emptyExtensionSectionsAndSectionsWithoutEnableMeanOn() throws Exception {
    ExtensionsConfig.MetricsConfig empty = new ExtensionsConfig.MetricsConfig();
    assertThat(empty.enabled()).isTrue();
    ZotConfiguration off = files().load("c.json", """
        {"storage": {"rootDirectory": "/srv/zot"},
         "extensions": {"metrics": {"enable": "false"}, "scrub": {"enable": false}}}
        """);
    assertThat(off.extensions().metrics().orElseThrow().enabled()).isFalse();
    assertThat(off.extensions().metrics().orElseThrow().prometheus().path())
        .isEqualTo("/metrics");
  }
}

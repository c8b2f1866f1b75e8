package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The files in examples/ and files as zot users write them all read without a problem. */
class ExampleConfigsTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir Path dir;

  static Stream<Path> examples() throws Exception {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().matches(".*\\.(json|yaml|yml)")).sorted().toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleReads(Path file) throws Exception {
    ZotConfiguration c = new ConfigFiles(dir).factory()
        .build(new FileConfigurationSourceProvider(), file.toString());

    assertThat(c.storage().rootDirectory()).isEqualTo(Path.of("/tmp/zot"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"config-minimal", "config-commit"})
  void jsonAndYamlExamplesAgree(String name) throws Exception {
    var factory = new ConfigFiles(dir).factory();
    var provider = new FileConfigurationSourceProvider();
    ZotConfiguration json = factory.build(provider, EXAMPLES.resolve(name + ".json").toString());
    ZotConfiguration yaml = factory.build(provider, EXAMPLES.resolve(name + ".yaml").toString());

    assertThat(ZotConfigurationFactoryTest.summary(json))
        .isEqualTo(ZotConfigurationFactoryTest.summary(yaml));
    assertThat(Files.readString(EXAMPLES.resolve(name + ".json"))).contains("\n\t\"storage\"");
  }

  @Test
  void readsZotsClassicConfigWithGcDelayAndALogFile() throws Exception {
    ZotConfiguration c = new ConfigFiles(dir).load("config.json", """
        {
        \t"distSpecVersion": "1.1.0-dev",
        \t"storage": {
        \t\t"rootDirectory": "/tmp/zot",
        \t\t"dedupe": true,
        \t\t"gc": true,
        \t\t"gcDelay": "1h",
        \t\t"gcInterval": "6h"
        \t},
        \t"http": {
        \t\t"address": "127.0.0.1",
        \t\t"port": "8080",
        \t\t"realm": "zot"
        \t},
        \t"log": {
        \t\t"level": "debug",
        \t\t"output": "/tmp/zot.log"
        \t}
        }
        """);

    assertThat(c.distSpecVersion()).isEqualTo("1.1.0-dev");
    assertThat(c.storage().gcInterval()).contains(Duration.ofHours(6));
    assertThat(c.http().port()).isEqualTo(8080);
  }

  @Test
  void readsAYamlConfigWithExtensionsSwitchedOff() throws Exception {
    ZotConfiguration c = new ConfigFiles(dir).load("config.yml", """
        distspecversion: 1.1.1
        storage:
          rootdirectory: /var/lib/zot
          dedupe: false
          gc: true
          gcdelay: 2h
        http:
          address: 0.0.0.0
          port: 5000
        log:
          level: info
        extensions:
          metrics:
            enable: false
            prometheus:
              path: /metrics
          sync:
            enable: false
            registries:
              - urls: ["https://registry-1.docker.io"]
                onDemand: true
                tlsVerify: true
                maxRetries: 3
                retryDelay: 5m
                content:
                  - prefix: "/library/**"
                    tags:
                      regex: "4.*"
                      semver: true
          search:
            enable: false
            cve:
              updateInterval: 2h
          scrub:
            enable: false
            interval: 24h
        """);

    assertThat(c.storage().rootDirectory()).isEqualTo(Path.of("/var/lib/zot"));
    var registry = c.extensions().sync().orElseThrow().registries().get(0);
    assertThat(registry.retryDelay()).contains(Duration.ofMinutes(5));
    assertThat(registry.content().get(0).tags().orElseThrow().regex()).contains("4.*");
    assertThat(c.extensions().search().orElseThrow().cve().orElseThrow().updateInterval())
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void readsTheReferencesFullConfigAndNamesOnlyWhatIsNotBuiltYet() throws Exception {
    List<String> problems = new ConfigFiles(dir).problems("config.json", """
        {
          "distSpecVersion": "1.1.1",
          "storage": {"rootDirectory": "/tmp/zot", "dedupe": true, "gc": true,
            "subPaths": {"/a": {"rootDirectory": "/tmp/zot1", "dedupe": true, "gc": true},
                         "/b": {"rootDirectory": "/tmp/zot2", "dedupe": true},
                         "/c": {"rootDirectory": "/tmp/zot3", "dedupe": false}}},
          "http": {"address": "127.0.0.1", "port": "5000",
            "tls": {"cert": "test/data/server.cert", "key": "test/data/server.key",
                    "cacert": "test/data/cacert.cert"},
            "auth": {"htpasswd": {"path": "test/data/htpasswd"}, "failDelay": 5,
              "ldap": {"address": "ldap.example.org", "port": 389, "startTLS": false,
                "baseDN": "ou=Users,dc=example,dc=org", "userAttribute": "uid",
                "bindDN": "cn=ldap-searcher,ou=Users,dc=example,dc=org",
                "bindPassword": "ldap-searcher-password", "skipVerify": false,
                "subtreeSearch": true}},
            "accessControl": {
              "**": {"policies": [{"users": ["charlie"], "actions": ["read", "create",
                  "update"]}], "defaultPolicy": ["read", "create", "delete",
                  "detectManifestCollision"], "anonymousPolicy": ["read"]},
              "tmp/**": {"defaultPolicy": ["read", "create", "update"]},
              "infra/*": {"policies": [{"users": ["alice", "bob"], "actions": ["create",
                  "read", "update", "delete"]}, {"users": ["mallory"], "actions": ["create",
                  "read"]}], "defaultPolicy": ["read"]},
              "adminPolicy": {"users": ["admin"], "actions": ["read", "create", "update",
                  "delete"]}}},
          "log": {"level": "debug", "output": "/tmp/zot.log", "audit": "/tmp/zot-audit.log"},
          "extensions": {"metrics": {"enable": "true", "prometheus": {"path": "/metrics"}}}
        }
        """);

    // TLS, htpasswd, LDAP, access control and the audit log are built: only the reference's
    // sample files, which do not exist here, are reported for them
    assertThat(problems).allSatisfy(p -> assertThat(p)
        .matches(".*(is not available yet|is not installed|cannot).*")
        .doesNotContain("ldap-searcher-password"));
    assertThat(problems).map(p -> p.substring(0, p.indexOf(':'))).containsExactly(
        "http.tls", "http.auth.htpasswd.path", "extensions.metrics");
  }
}

package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigProblemsTest {

  @TempDir Path dir;

  private List<String> problems(String name, String content) throws Exception {
    return new ConfigFiles(dir).problems(name, content);
  }

  private List<String> yamlProblems(String rest) throws Exception {
    String storage = ConfigFiles.minimalYaml("/srv/zot");
    return problems("c.yaml", rest.startsWith("storage:\n")
        ? storage + rest.substring("storage:\n".length()) : storage + rest);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "'http:\n  adress: 127.0.0.1\n'|http.adress: unknown key; did you mean 'address'?",
    "'storage:\n  gcdelays: 1h\n'|storage.gcdelays: unknown key; did you mean 'gcDelay'?",
    "'log:\n  levle: info\n'|log.levle: unknown key; did you mean 'level'?",
    "'extensions:\n  metric: {}\n'|extensions.metric: unknown key; did you mean 'metrics'?",
    "'distSpecVersio: 1.1.1\n'|distSpecVersio: unknown key; did you mean 'distSpecVersion'?",
    "'colour: blue\n'|colour: unknown key",
    "'http:\n  auth:\n    ldap:\n      bindPasword: x\n'"
        + "|http.auth.ldap.bindPasword: unknown key; did you mean 'bindPassword'?",
    "'extensions:\n  sync:\n    registries:\n      - urls: [\"https://r\"]\n"
        + "        polInterval: 6h\n'"
        + "|extensions.sync.registries[0].polInterval: unknown key; did you mean 'pollInterval'?",
    "'server:\n  applicationConectors: []\n'"
        + "|server.applicationConectors: unknown key; did you mean 'applicationConnectors'?",
    "'logging:\n  levl: INFO\n'|logging.levl: unknown key; did you mean 'level'?",
    "'server:\n  applicationConnectors:\n    - type: http\n      prot: 8080\n'"
        + "|server.applicationConnectors[0].prot: unknown key; did you mean 'port'?",
    "'logging:\n  appenders:\n    - type: console\n      targt: stderr\n'"
        + "|logging.appenders[0].targt: unknown key; did you mean 'target'?"
  })
  void namesAnUnknownKeyByItsFullPathWithASuggestion(String rest, String expected)
      throws Exception {
    assertThat(yamlProblems(rest)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "'http:\n  port: abc\n'|http.port: 'abc' is not a whole number",
    "'http:\n  port: 70000\n'|http.port: must be less than or equal to 65535",
    "'http:\n  port: -1\n'|http.port: must be greater than or equal to 0",
    "'http:\n  port: 1.5\n'|http.port: 1.5 is not a whole number",
    "'http:\n  port: [1]\n'|http.port: expected a whole number, got a list",
    "'storage:\n  dedupe: maybe\n'|storage.dedupe: 'maybe' is not true or false",
    "'storage:\n  gcDelay: -5m\n'|storage.gcDelay: must not be negative",
    "'storage:\n  gcDelay: 5x\n'|storage.gcDelay: '5x' is not a duration: write a number and"
        + " a unit (ns, us, ms, s, m, h), e.g. 90s or 1h30m",
    "'storage:\n  gcInterval: true\n'|storage.gcInterval: expected a duration such as 90s or"
        + " 1h30m, got true/false",
    "'http: 8080\n'|http: expected a section of keys, got a number",
    "'log:\n  level: verbose\n'|log.level: 'verbose' is not a level (one of debug, info, warn,"
        + " error)",
    "'log:\n  level: wran\n'|log.level: 'wran' is not a level (one of debug, info, warn,"
        + " error); did you mean 'warn'?",
    "'distSpecVersion: latest\n'|distSpecVersion: 'latest' is not a version such as 1.1.1",
    "'http:\n  externalUrl: zot.example\n'|http.externalUrl: 'zot.example' is not an absolute"
        + " http or https URL",
    "'http:\n  auth:\n    failDelay: -3\n'|http.auth.failDelay: must be greater than or equal"
        + " to 0",
    "'scheduler:\n  numWorkers: 0\n'|scheduler.numWorkers: must be greater than 0",
    "'extensions:\n  metrics:\n    enable: false\n    prometheus:\n      path: metrics\n'"
        + "|extensions.metrics.prometheus.path: must start with '/'",
    "'server:\n  applicationConnectors:\n    - type: http\n      port: 99999\n'"
        + "|server.applicationConnectors[0].port: must be between 1 and 65535"
  })
  void namesAWrongTypeOrImpossibleValueByItsPath(String rest, String expected)
      throws Exception {
    assertThat(yamlProblems(rest)).contains(expected);
  }

  @Test
  void pointsZotsMetricsSectionAtExtensions() throws Exception {
    assertThat(yamlProblems("metrics:\n  enable: true\n")).containsExactly("metrics.enable:"
        + " unknown key (top-level metrics is Dropwizard's; zot's metrics go under"
        + " extensions.metrics)");
  }

  @Test
  void requiresTheStorageRoot() throws Exception {
    assertThat(problems("c.json", "{\"http\": {\"port\": 5000}}"))
        .containsExactly("storage.rootDirectory: required: the directory that holds the"
            + " repositories");
  }

  @Test
  void reportsEveryProblemOfAFileTogether() throws Exception {
    List<String> all = problems("c.json", ConfigFiles.tabs("""
        {
          "distSpecVersion": "1.1.1",
          "storage": {
            "rootDirectory": "/srv/zot",
            "gcDelay": "soon",
            "dedupe": "yes please"
          },
          "http": {
            "adress": "127.0.0.1",
            "port": 123456
          },
          "log": {
            "level": "loud"
          },
          "extensions": {
            "scrub": {}
          }
        }
        """));

    assertThat(all).hasSize(5).anySatisfy(p -> assertThat(p).startsWith("storage.gcDelay:"))
        .anySatisfy(p -> assertThat(p).startsWith("storage.dedupe:"))
        .anySatisfy(p -> assertThat(p).startsWith("http.adress: unknown key"))
        .anySatisfy(p -> assertThat(p).startsWith("http.port: must be less than"))
        .anySatisfy(p -> assertThat(p).startsWith("log.level:"));
  }

  @Test
  void globKeysUnderAccessControlAreMapKeysNotPaths() throws Exception {
    List<String> all = problems("c.json", """
        {"storage": {"rootDirectory": "/srv/zot"},
         "http": {"accessControl": {
           "**": {"anonymousPolicy": ["read"]},
           "tmp/**": {"defaultPolicy": ["read", "create", "updat"]},
           "infra/*.x": {"policies": [{"users": ["bob"], "actions": ["read"], "roles": []}]},
           "adminPolicy": {"users": ["admin"], "actions": ["read"]}}}}
        """);

    assertThat(all).containsExactlyInAnyOrder(
        "http.accessControl[\"tmp/**\"].defaultPolicy[2]: 'updat' is not an action (one of"
            + " read, create, update, delete, detectManifestCollision); did you mean 'update'?",
        "http.accessControl[\"infra/*.x\"].policies[0].roles: unknown key");
  }

  @Test
  void readsBothFormsOfAccessControlIntoOneShape() throws Exception {
    String flat = """
        {"**": {"anonymousPolicy": ["read"]},
         "repos2/repo": {"policies": [{"users": ["bob"], "actions": ["read", "create"]}]},
         "adminPolicy": {"users": ["admin"], "actions": ["read", "delete"]}}
        """;
    String zot2 = """
        {"repositories": {
           "**": {"anonymousPolicy": ["read"]},
           "repos2/repo": {"policies": [{"users": ["bob"], "actions": ["read", "create"]}]}},
         "groups": {"devs": {"users": ["bob"]}},
         "metrics": {"users": ["prom"]},
         "adminPolicy": {"users": ["admin"], "actions": ["read", "delete"]}}
        """;
    for (String form : List.of(flat, zot2)) {
      var checked = new TreeChecker(io.dropwizard.jackson.Jackson.newObjectMapper(),
          (node, type, path) -> node, new java.util.ArrayList<>());
      var mapper = io.dropwizard.jackson.Jackson.newObjectMapper();
      var tree = checked.check(mapper.readTree(form),
          mapper.constructType(AccessControlConfig.class), "http.accessControl");
      AccessControlConfig access = mapper.treeToValue(tree, AccessControlConfig.class);

      assertThat(access.repositories()).containsOnlyKeys("**", "repos2/repo");
      assertThat(access.repositories().get("**").anonymousPolicy()).containsExactly("read");
      assertThat(access.repositories().get("repos2/repo").policies().get(0).users())
          .containsExactly("bob");
      assertThat(access.adminPolicy().orElseThrow().actions()).containsExactly("read", "delete");
    }
  }

  @Test
  void neverEchoesSecretsInMessages() throws Exception {
    List<String> all = problems("c.json", """
        {"storage": {"rootDirectory": "/srv/zot",
           "storageDriver": {"name": "s3", "secretkey": "S3-SECRET-VALUE",
                             "accesskey": "AKIA"}},
         "http": {"auth": {"ldap": {"address": "ldap", "baseDN": "dc=x",
                                    "bindPassword": "LDAP-SECRET-VALUE", "bindPasswrd": "X"},
                           "openid": {"providers": {"dex": {"clientsecret": ["OIDC-SECRET"]}}}}}}
        """);

    assertThat(all).isNotEmpty().allSatisfy(p -> assertThat(p)
        .doesNotContain("S3-SECRET-VALUE").doesNotContain("LDAP-SECRET-VALUE")
        .doesNotContain("OIDC-SECRET"));
    assertThat(all).contains("http.auth.openid.providers[\"dex\"].clientsecret: expected a"
        + " string, got a list");
  }

  @Test
  void neverEchoesSecretsFromAFileThatDoesNotParse() throws Exception {
    List<String> all = problems("c.json",
        "{\"http\": {\"auth\": {\"ldap\": {\"bindPassword\": TOPSECRET}}}}");

    assertThat(all).singleElement().asString().startsWith("not valid JSON: line 1, column")
        .doesNotContain("TOPSECRET");
  }

  @Test
  void secretsPrintMasked() {
    assertThat(Secret.of("pa55word")).hasToString("******");
    assertThat(Secret.of("pa55word").reveal()).isEqualTo("pa55word");
  }

  @Test
  void refusesTheSameKeyTwiceInDifferentCase() throws Exception {
    assertThat(problems("c.json", """
        {"storage": {"rootDirectory": "/a", "RootDirectory": "/b"}}
        """)).contains("storage.rootDirectory: given twice (keys match without regard to case)");
  }

  @Test
  void refusesAFileOfAnUnknownFormat() throws Exception {
    assertThat(problems("c.toml", "a = 1")).singleElement().asString()
        .contains("name the file *.json, *.yaml or *.yml");
  }

  @Test
  void reportsAMissingFile() throws Exception {
    var factory = new ConfigFiles(dir).factory();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.build(
            new io.dropwizard.configuration.FileConfigurationSourceProvider(),
            dir.resolve("absent.yaml").toString()))
        .isInstanceOf(ZotConfigurationException.class)
        .hasMessageContaining("cannot read the file: it does not exist");
  }

  @Test
  void checksSubPathsEvenThoughTheyAreNotAvailableYet() throws Exception {
    List<String> all = yamlProblems("""
          subPaths:
            a:
              dedupe: true
            /b:
              rootDirectory: /srv/zot
              gcDelay: 1y
        """);

    assertThat(all).contains(
        "storage.subPaths[\"a\"]: a sub-path is a repository path prefix starting with '/',"
            + " such as /a",
        "storage.subPaths[\"a\"].rootDirectory: required: the directory that holds the"
            + " repositories",
        "storage.subPaths[\"/b\"].rootDirectory: must differ from storage.rootDirectory");
    assertThat(all).anySatisfy(p -> assertThat(p).startsWith(
        "storage.subPaths[\"/b\"].gcDelay: '1y' is not a duration"));
  }

  @Test
  void twoSubPathsOnOneRootNeedTheSameSettings() throws Exception {
    List<String> all = problems("s.yaml", """
        storage:
          rootDirectory: /srv/zot
          subPaths:
            /a:
              rootDirectory: /srv/shared
            /b:
              rootDirectory: /srv/shared/
              dedupe: false
            /c:
              rootDirectory: /srv/zot/.
        """);

    assertThat(all).containsExactlyInAnyOrder(
        "storage.subPaths[\"/b\"].rootDirectory: is also the root of subPath /a with other"
            + " dedupe or gc settings: give each its own rootDirectory or the same settings",
        "storage.subPaths[\"/c\"].rootDirectory: must differ from storage.rootDirectory");
  }
}

package io.zotj.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.config.ZotConfigurationFactory;
import io.zotj.service.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {

  /** The reference's example policy, as its users write it (the flat form). */
  static final String REFERENCE_POLICY = """
      {"storage": {"rootDirectory": "%s"},
       "http": {"auth": {"htpasswd": {"path": "%s"}},
        "accessControl": {
         "**": {"policies": [{"users": ["charlie"], "actions": ["read", "create", "update"]}],
                "defaultPolicy": ["read", "create", "delete", "detectManifestCollision"],
                "anonymousPolicy": ["read"]},
         "tmp/**": {"defaultPolicy": ["read", "create", "update"]},
         "infra/*": {"policies": [
             {"users": ["alice", "bob"], "actions": ["create", "read", "update", "delete"]},
             {"users": ["mallory"], "actions": ["create", "read"]}],
           "defaultPolicy": ["read"]},
         "repos2/repo": {"policies": [
             {"users": ["bob"], "actions": ["read", "create"]},
             {"users": ["mallory"], "actions": ["create", "read"]}],
           "defaultPolicy": ["read"]},
         "adminPolicy": {"users": ["admin"], "actions": ["read", "create", "update", "delete"]}
       }}}
      """;

  @TempDir static Path dir;

  static AccessPolicy load(String json) throws Exception {
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(htpasswd, "");
    Path file = dir.resolve("config-" + json.hashCode() + ".json");
    Files.writeString(file, json.formatted(dir.resolve("s"), htpasswd));
    ZotConfiguration config = new ZotConfigurationFactory<>(ZotConfiguration.class,
        Validators.newValidator(), Jackson.newObjectMapper(), "dw",
        () -> PluginRegistry.load(dir.resolve("plugins")))
        .build(new FileConfigurationSourceProvider(), file.toString());
    return AccessPolicy.of(config.http().accessControl(), true);
  }

  static Identity who(String user) {
    return user.equals("anonymous") ? Identity.ANONYMOUS
        : Identity.user(user, Set.of(), "htpasswd");
  }

  /** r=read c=create u=update d=delete m=detectManifestCollision; - for none. */
  static String letters(Set<Action> actions) {
    String all = actions.stream().map(a -> switch (a) {
      case READ -> "r";
      case CREATE -> "c";
      case UPDATE -> "u";
      case DELETE -> "d";
      case DETECT_MANIFEST_COLLISION -> "m";
    }).sorted().collect(Collectors.joining());
    return all.isEmpty() ? "-" : all;
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource(delimiter = '|', value = {
    // "**": charlie is named; everyone else authenticated gets the default policy
    "charlie|library/alpine|cru",
    "alice|library/alpine|cdmr",
    "bob|library/alpine|cdmr",
    "mallory|library/alpine|cdmr",
    "dave|library/alpine|cdmr",
    "admin|library/alpine|cdmru",
    "anonymous|library/alpine|r",
    // "tmp/**" is longer and decides alone: no anonymous policy there
    "charlie|tmp/a/b|cru",
    "alice|tmp/x|cru",
    "mallory|tmp/x|cru",
    "admin|tmp/x|cdru",
    "anonymous|tmp/x|-",
    // "infra/*": one segment only
    "alice|infra/web|cdru",
    "bob|infra/web|cdru",
    "mallory|infra/web|cr",
    "charlie|infra/web|r",
    "dave|infra/web|r",
    "admin|infra/web|cdru",
    "anonymous|infra/web|-",
    // two segments below infra/ are not "infra/*": "**" decides
    "alice|infra/web/db|cdmr",
    "charlie|infra/web/db|cru",
    "anonymous|infra/web/db|r",
    // "repos2/repo"
    "bob|repos2/repo|cr",
    "mallory|repos2/repo|cr",
    "alice|repos2/repo|r",
    "charlie|repos2/repo|r",
    "admin|repos2/repo|cdru",
    "anonymous|repos2/repo|-",
    // a longer name under repos2/repo is not repos2/repo
    "bob|repos2/repo/sub|cdmr",
    "anonymous|repos2/repox|r",
  })
  void theReferencesExamplePolicyGivesEachUserExactlyItsActions(String user, String repo,
      String expected) throws Exception {
    AccessPolicy policy = load(REFERENCE_POLICY);

    assertThat(letters(policy.actions(who(user), repo))).isEqualTo(expected);
    for (Action action : Action.values()) {
      assertThat(policy.allows(who(user), repo, action))
          .as("%s %s %s", user, action, repo)
          .isEqualTo(policy.actions(who(user), repo).contains(action));
    }
  }

  @Test
  void zot2FormWithGroupsGrantsThroughGroupMembership() throws Exception {
    AccessPolicy policy = load("""
        {"storage": {"rootDirectory": "%s"},
         "http": {"auth": {"htpasswd": {"path": "%s"}},
          "accessControl": {
           "groups": {"devs": {"users": ["dana"]}},
           "repositories": {
             "apps/**": {"policies": [{"groups": ["devs"], "actions": ["read", "create"]},
                                      {"groups": ["ldap-ops"], "actions": ["read", "delete"]}],
                         "defaultPolicy": ["read"]}},
           "adminPolicy": {"groups": ["admins"], "actions": ["read", "delete"]},
           "metrics": {"users": ["prometheus"]}}}}
        """);

    assertThat(letters(policy.actions(who("dana"), "apps/web"))).isEqualTo("cr");
    assertThat(letters(policy.actions(who("erin"), "apps/web"))).isEqualTo("r");
    Identity ldapOps = Identity.user("olga", Set.of("ldap-ops"), "ldap");
    assertThat(letters(policy.actions(ldapOps, "apps/web"))).isEqualTo("dr");
    Identity admin = Identity.user("root", Set.of("admins"), "ldap");
    assertThat(letters(policy.actions(admin, "elsewhere"))).isEqualTo("dr");
    assertThat(letters(policy.actions(who("dana"), "elsewhere"))).isEqualTo("-");
    assertThat(policy.mayReadMetrics(who("prometheus"))).isTrue();
    assertThat(policy.mayReadMetrics(admin)).isTrue();
    assertThat(policy.mayReadMetrics(who("dana"))).isFalse();
    assertThat(policy.mayReadMetrics(Identity.ANONYMOUS)).isFalse();
  }

  @Test
  void withoutAccessControlAuthenticatedUsersMayDoEverythingAndAnonymousNothing() {
    AccessPolicy withAuth = AccessPolicy.of(Optional.empty(), true);
    AccessPolicy open = AccessPolicy.of(Optional.empty(), false);

    // detectManifestCollision restricts deletes: only a policy naming it turns it on
    assertThat(letters(withAuth.actions(who("x"), "a"))).isEqualTo("cdru");
    assertThat(withAuth.actions(Identity.ANONYMOUS, "a")).isEmpty();
    assertThat(withAuth.mayReadMetrics(Identity.ANONYMOUS)).isFalse();
    assertThat(letters(open.actions(Identity.ANONYMOUS, "a"))).isEqualTo("cdru");
    assertThat(open.mayReadMetrics(Identity.ANONYMOUS)).isTrue();
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource(delimiter = '|', value = {
    "**|a|true", "**|a/b/c|true", "tmp/**|tmp/a/b|true", "tmp/**|tmpx/a|false",
    "infra/*|infra/a|true", "infra/*|infra/a/b|false", "infra/*|infra/|true",
    "a.b/*|a.b/c|true", "a.b/*|axb/c|false", "*/web|team/web|true", "*/web|a/b/web|false",
    "repos2/repo|repos2/repo|true", "repos2/repo|repos2/repo/x|false"
  })
  void globsMatchWithinOrAcrossSegments(String glob, String name, boolean matches) {
    assertThat(RepositoryGlob.compile(glob).matches(name)).isEqualTo(matches);
  }
}

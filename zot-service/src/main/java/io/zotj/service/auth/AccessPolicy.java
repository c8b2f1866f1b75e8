package io.zotj.service.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.zotj.service.config.AccessControlConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what on which repository, from {@code http.accessControl}.
 *
 * <p>The longest repository key that matches a name alone decides. Within it, a user named in
 * {@code policies} (directly or through a group) gets exactly the actions of those policies;
 * other authenticated users get {@code defaultPolicy}; unauthenticated callers get
 * {@code anonymousPolicy}. {@code adminPolicy} adds its actions on every repository. Which key
 * decides for a name is cached; globs are compiled once.
 */
public final class AccessPolicy {

  /**
   * Every permission. Not {@code detectManifestCollision}: it restricts deletes rather than
   * permitting anything, so only a policy that names it turns it on.
   */
  private static final Set<Action> ALL =
      EnumSet.complementOf(EnumSet.of(Action.DETECT_MANIFEST_COLLISION));

  private final List<Rule> rules;
  private final Grant admin;
  private final Map<String, Set<String>> groupsOfUser;
  private final Optional<Set<String>> metricsUsers;
  private final boolean configured;
  private final boolean authRequired;
  private final boolean anonymousMayDoSomething;
  private final Cache<String, Optional<Rule>> decidingRule =
      Caffeine.newBuilder().maximumSize(10_000).build();

  private AccessPolicy(List<Rule> rules, Grant admin, Map<String, Set<String>> groupsOfUser,
      Optional<Set<String>> metricsUsers, boolean configured, boolean authRequired) {
    this.rules = rules;
    this.admin = admin;
    this.groupsOfUser = groupsOfUser;
    this.metricsUsers = metricsUsers;
    this.configured = configured;
    this.authRequired = authRequired;
    this.anonymousMayDoSomething = !configured ? !authRequired
        : rules.stream().anyMatch(r -> !r.anonymous.isEmpty());
  }

  /**
   * The policy of a configuration.
   *
   * @param config {@code http.accessControl}, or empty when the file has none
   * @param authRequired whether some authentication method is configured; without access
   *     control, that means every authenticated user may do everything and anonymous callers
   *     nothing, and without either the registry is open
   */
  public static AccessPolicy of(Optional<AccessControlConfig> config, boolean authRequired) {
    if (config.isEmpty() || config.get().isEmpty()) {
      return new AccessPolicy(List.of(), Grant.NONE, Map.of(), Optional.empty(), false,
          authRequired);
    }
    AccessControlConfig ac = config.get();
    Map<String, Set<String>> groupsOfUser = new HashMap<>();
    ac.groups().forEach((group, members) -> members.users()
        .forEach(u -> groupsOfUser.computeIfAbsent(u, k -> new HashSet<>()).add(group)));
    List<Rule> rules = new ArrayList<>();
    ac.repositories().forEach((key, policy) -> rules.add(Rule.of(key, policy)));
    rules.sort(Comparator.comparingInt((Rule r) -> r.glob.weight()).reversed());
    Grant admin = ac.adminPolicy().map(Grant::of).orElse(Grant.NONE);
    Optional<Set<String>> metrics = ac.metrics().map(m -> Set.copyOf(m.users()));
    return new AccessPolicy(List.copyOf(rules), admin, groupsOfUser, metrics, true,
        authRequired);
  }

  /** The actions {@code identity} may take on {@code repository}. */
  public Set<Action> actions(Identity identity, String repository) {
    if (!configured) {
      return identity.authenticated() || !authRequired ? ALL : Set.of();
    }
    Set<Action> granted = EnumSet.noneOf(Action.class);
    Set<String> groups = groups(identity);
    decidingRule.get(repository, this::find)
        .ifPresent(rule -> granted.addAll(rule.actions(identity, groups)));
    if (identity.authenticated()) {
      granted.addAll(admin.actionsFor(identity.name().get(), groups));
    }
    return granted;
  }

  public boolean allows(Identity identity, String repository, Action action) {
    return actions(identity, repository).contains(action);
  }

  /**
   * Whether {@code identity} may read the metrics endpoint. With zot 2's
   * {@code accessControl.metrics.users}, only those users (and admins) may; without it, whoever
   * may use the registry at all: anyone on an open registry, else authenticated users.
   */
  public boolean mayReadMetrics(Identity identity) {
    if (metricsUsers.isEmpty()) {
      return identity.authenticated() || !authRequired;
    }
    if (identity.authenticated()) {
      String name = identity.name().get();
      return metricsUsers.get().contains(name)
          || !admin.actionsFor(name, groups(identity)).isEmpty();
    }
    return false;
  }

  /** Whether an unauthenticated caller may take some action on some repository. */
  public boolean anonymousMayDoSomething() {
    return anonymousMayDoSomething;
  }

  private Set<String> groups(Identity identity) {
    if (identity.name().isEmpty()) {
      return Set.of();
    }
    Set<String> configuredGroups = groupsOfUser.getOrDefault(identity.name().get(), Set.of());
    if (identity.groups().isEmpty()) {
      return configuredGroups;
    }
    Set<String> all = new HashSet<>(configuredGroups);
    all.addAll(identity.groups());
    return all;
  }

  private Optional<Rule> find(String repository) {
    for (Rule rule : rules) {
      if (rule.glob.matches(repository)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  private static Set<Action> actionSet(Collection<String> names) {
    Set<Action> set = EnumSet.noneOf(Action.class);
    names.forEach(n -> Action.fromConfig(n).ifPresent(set::add));
    return set;
  }

  /** Users and groups with the actions granted to them. */
  private record Grant(Map<String, Set<Action>> users, Map<String, Set<Action>> groups) {

    static final Grant NONE = new Grant(Map.of(), Map.of());

    static Grant of(AccessControlConfig.Policy policy) {
      return NONE.plus(policy);
    }

    Grant plus(AccessControlConfig.Policy policy) {
      Set<Action> granted = actionSet(policy.actions());
      Map<String, Set<Action>> u = new HashMap<>(users);
      Map<String, Set<Action>> g = new HashMap<>(groups);
      policy.users().forEach(name -> u.merge(name, granted, Grant::union));
      policy.groups().forEach(name -> g.merge(name, granted, Grant::union));
      return new Grant(Map.copyOf(u), Map.copyOf(g));
    }

    /** The actions granted to the user or its groups; null when none of them is named. */
    Set<Action> named(String user, Set<String> userGroups) {
      Set<Action> direct = users.get(user);
      Set<Action> result = direct == null ? null : EnumSet.noneOf(Action.class);
      if (direct != null) {
        result.addAll(direct);
      }
      for (String group : userGroups) {
        Set<Action> viaGroup = groups.get(group);
        if (viaGroup != null) {
          result = result == null ? EnumSet.noneOf(Action.class) : result;
          result.addAll(viaGroup);
        }
      }
      return result;
    }

    Set<Action> actionsFor(String user, Set<String> userGroups) {
      Set<Action> named = named(user, userGroups);
      return named == null ? Set.of() : named;
    }

    private static Set<Action> union(Set<Action> a, Set<Action> b) {
      Set<Action> all = EnumSet.noneOf(Action.class);
      all.addAll(a);
      all.addAll(b);
      return all;
    }
  }

  /** One repository key with its policies. */
  private record Rule(RepositoryGlob glob, Grant named, Set<Action> defaults,
      Set<Action> anonymous) {

    static Rule of(String key, AccessControlConfig.RepositoryPolicy policy) {
      Grant named = Grant.NONE;
      for (AccessControlConfig.Policy p : policy.policies()) {
        named = named.plus(p);
      }
      return new Rule(RepositoryGlob.compile(key), named, actionSet(policy.defaultPolicy()),
          actionSet(policy.anonymousPolicy()));
    }

    Set<Action> actions(Identity identity, Set<String> groups) {
      if (!identity.authenticated()) {
        return anonymous;
      }
      Set<Action> byName = named.named(identity.name().get(), groups);
      return byName != null ? byName : defaults;
    }
  }
}

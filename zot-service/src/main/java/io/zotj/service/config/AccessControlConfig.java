package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code http.accessControl}: who may do what on which repositories. Both of zot's forms read
 * into this one shape: the reference's flat form (repository globs beside {@code adminPolicy})
 * and zot 2's form (globs under {@code repositories}, plus {@code groups} and {@code metrics}).
 * Glob keys such as {@code "tmp/**"} are map keys, never paths into the configuration.
 */
public class AccessControlConfig {

  /** The actions a policy may grant. */
  public static final List<String> ACTIONS =
      List.of("read", "create", "update", "delete", "detectManifestCollision");

  @Valid @JsonProperty
  private Map<String, RepositoryPolicy> repositories = new LinkedHashMap<>();

  @Valid @JsonProperty private Map<String, GroupConfig> groups = new LinkedHashMap<>();
  @Valid @JsonProperty private Policy adminPolicy;
  @Valid @JsonProperty private MetricsAccess metrics;

  /** Repository glob to its policies, in file order. */
  public Map<String, RepositoryPolicy> repositories() {
    return repositories;
  }

  public Map<String, GroupConfig> groups() {
    return groups;
  }

  public Optional<Policy> adminPolicy() {
    return Optional.ofNullable(adminPolicy);
  }

  public Optional<MetricsAccess> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** Whether any rule is configured. */
  public boolean isEmpty() {
    return repositories.isEmpty() && groups.isEmpty() && adminPolicy == null && metrics == null;
  }

  /** The policies of one repository glob. */
  public static class RepositoryPolicy {
    @Valid @JsonProperty private List<Policy> policies = List.of();
    @JsonProperty private List<String> defaultPolicy = List.of();
    @JsonProperty private List<String> anonymousPolicy = List.of();

    public List<Policy> policies() {
      return policies;
    }

    /** Actions for authenticated users no policy names. */
    public List<String> defaultPolicy() {
      return defaultPolicy;
    }

    /** Actions for unauthenticated clients. */
    public List<String> anonymousPolicy() {
      return anonymousPolicy;
    }
  }

  /** Users and groups, and the actions granted to them. */
  public static class Policy {
    @JsonProperty private List<String> users = List.of();
    @JsonProperty private List<String> groups = List.of();
    @JsonProperty private List<String> actions = List.of();

    public List<String> users() {
      return users;
    }

    public List<String> groups() {
      return groups;
    }

    public List<String> actions() {
      return actions;
    }
  }

  /** A named group of users (zot 2). */
  public static class GroupConfig {
    @JsonProperty private List<String> users = List.of();

    public List<String> users() {
      return users;
    }
  }

  /** Who may read the metrics endpoint (zot 2). */
  public static class MetricsAccess {
    @JsonProperty private List<String> users = List.of();

    public List<String> users() {
      return users;
    }
  }
}

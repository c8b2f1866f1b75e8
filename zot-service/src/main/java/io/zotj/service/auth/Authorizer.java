package io.zotj.service.auth;

import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a caller may take an action on a repository, and refuses in the OCI error
 * format: 401 with a {@code WWW-Authenticate} challenge for anonymous callers (and for bearer
 * tokens that lack the scope), 403 DENIED for authenticated ones. Cheap: no password check, a
 * cached glob lookup.
 */
public final class Authorizer {

  /** The request attribute naming the action a request needed, for the audit log. */
  public static final String ACTION_ATTRIBUTE = "io.zotj.audit.action";

  private final AccessPolicy policy;
  private final Challenges challenges;
  private final boolean authRequired;
  private final boolean headerCredentials;

  /**
   * @param headerCredentials whether passwords or tokens are configured: then a caller known
   *     only by its client certificate is challenged (401) rather than denied, so that a client
   *     holding credentials sends them
   */
  Authorizer(AccessPolicy policy, Challenges challenges, boolean authRequired,
      boolean headerCredentials) {
    this.policy = policy;
    this.challenges = challenges;
    this.authRequired = authRequired;
    this.headerCredentials = headerCredentials;
  }

  /** An authorizer for a registry without authentication or access control. */
  public static Authorizer open() {
    return new Authorizer(AccessPolicy.of(Optional.empty(), false),
        new Challenges("zot", Optional.empty()), false, false);
  }

  /** Whether {@code identity} may take {@code action} on {@code repository}. */
  public boolean allows(Identity identity, String repository, Action action) {
    if (identity.tokenAccess().isPresent()) {
      Set<Action> granted = identity.tokenAccess().get().getOrDefault(repository, Set.of());
      if (!granted.contains(action)) {
        return false;
      }
    }
    return policy.allows(identity, repository, action);
  }

  /** Whether {@code identity} may pull from {@code repository} (and see it in the catalog). */
  public boolean mayRead(Identity identity, String repository) {
    return allows(identity, repository, Action.READ);
  }

  /**
   * Whether {@code identity} may read the metrics endpoint: the users of zot 2's
   * {@code accessControl.metrics.users} (and admins) when that is set, else anyone who may use
   * the registry. For the metrics route; refuse with {@link #refuse(Identity, String, Action)}
   * or a plain 401/403.
   */
  public boolean mayReadMetrics(Identity identity) {
    return policy.mayReadMetrics(identity);
  }

  /**
   * Throws unless {@code identity} may call an extension's route: anyone for open routes, the
   * metrics users for the metrics endpoint, and any signed-in caller (or anyone, on a registry
   * without logins) for routes that need a user. A refusal is 401 with the login challenge for
   * a caller who is not signed in, 403 DENIED otherwise.
   */
  public void requireRoute(Identity identity, boolean metrics, boolean userNeeded) {
    boolean allowed = metrics ? mayReadMetrics(identity)
        : !userNeeded || identity.authenticated() || !authRequired;
    if (allowed) {
      return;
    }
    if (!identity.authenticated() || certificateOnly(identity)) {
      throw unauthorized(challenges.challenge(Optional.empty()), Map.of());
    }
    throw new RegistryException(OciError.DENIED, OciError.DENIED.message(), null);
  }

  /** Throws unless {@code identity} may take {@code action} on {@code repository}. */
  public void require(Identity identity, String repository, Action action) {
    if (!allows(identity, repository, action)) {
      throw refuse(identity, repository, action);
    }
  }

  /**
   * {@code GET /v2/}: when authentication is configured, anonymous callers are challenged; so
   * are callers known only by a client certificate when passwords or tokens are configured too,
   * since clients decide from this answer whether to send the credentials they hold.
   */
  public void requireLogin(Identity identity) {
    if (authRequired && (!identity.authenticated() || certificateOnly(identity))) {
      throw unauthorized(challenges.challenge(Optional.empty()), Map.of());
    }
  }

  /** The catalog: anonymous callers who may read nothing are challenged. */
  public void requireCatalogAccess(Identity identity) {
    if (authRequired && !identity.authenticated() && !policy.anonymousMayDoSomething()) {
      throw unauthorized(challenges.challenge(Optional.of("registry:catalog:*")), Map.of());
    }
  }

  /** The refusal for a caller who may not take {@code action} on {@code repository}. */
  public RegistryException refuse(Identity identity, String repository, Action action) {
    Map<String, String> detail = Map.of("repository", repository,
        "action", action.configName());
    String scope = "repository:" + repository + ":" + BearerTokens.scopeActions(action);
    if (!identity.authenticated() || certificateOnly(identity)) {
      return unauthorized(challenges.challenge(Optional.of(scope)), detail);
    }
    if (identity.tokenAccess().isPresent() && challenges.bearer()) {
      return unauthorized(challenges.challenge(Optional.of(scope))
          + ",error=\"insufficient_scope\"", detail);
    }
    return new RegistryException(OciError.DENIED, OciError.DENIED.message(), detail);
  }

  private boolean certificateOnly(Identity identity) {
    return headerCredentials && identity.method().equals(AuthenticationFilter.MTLS);
  }

  private static RegistryException unauthorized(String challenge, Map<String, String> detail) {
    return new RegistryException(OciError.UNAUTHORIZED, OciError.UNAUTHORIZED.message(),
        detail.isEmpty() ? null : detail).withHeader("WWW-Authenticate", challenge);
  }
}

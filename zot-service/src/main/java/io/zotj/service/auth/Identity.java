package io.zotj.service.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request: a user name with its groups, or nobody. Set by the authentication filter
 * on every request under {@code /v2} (and any other path it is mapped to) as the request
 * attribute {@link #ATTRIBUTE}; read it with {@link #of(Object)}.
 *
 * @param name the user name; empty for an anonymous request
 * @param groups the groups LDAP reported for the user (access control adds its own)
 * @param method how the identity was proven: htpasswd, ldap, bearer, mtls or anonymous
 * @param tokenAccess for a bearer token, the actions its {@code access} claim grants per
 *     repository; empty for other methods
 */
public record Identity(Optional<String> name, Set<String> groups, String method,
    Optional<Map<String, Set<Action>>> tokenAccess) {

  /** The request attribute (and Jersey request property) that holds the caller's identity. */
  public static final String ATTRIBUTE = "io.zotj.identity";

  /** An unauthenticated caller. */
  public static final Identity ANONYMOUS =
      new Identity(Optional.empty(), Set.of(), "anonymous", Optional.empty());

  public Identity {
    Objects.requireNonNull(name);
    groups = Set.copyOf(groups);
    Objects.requireNonNull(method);
    Objects.requireNonNull(tokenAccess);
  }

  /** A user proven by {@code method}. */
  public static Identity user(String name, Set<String> groups, String method) {
    return new Identity(Optional.of(name), groups, method, Optional.empty());
  }

  /** The identity a request attribute holds; anonymous when there is none. */
  public static Identity of(Object attribute) {
    return attribute instanceof Identity identity ? identity : ANONYMOUS;
  }

  public boolean authenticated() {
    return name.isPresent();
  }

  /** The user name, or {@code "anonymous"} for logs and the audit trail. */
  public String subject() {
    return name.orElse("anonymous");
  }

  @Override
  public String toString() {
    return subject() + " (" + method + ")";
  }
}

package io.zotj.service.auth;

import java.util.Optional;

/**
 * The {@code WWW-Authenticate} challenge a 401 carries: Basic with {@code http.realm}, or
 * Bearer with the token service's realm, service and the scope the request needed.
 */
record Challenges(String basicRealm, Optional<BearerTokens> tokens) {

  boolean bearer() {
    return tokens.isPresent();
  }

  String challenge(Optional<String> scope) {
    if (tokens.isEmpty()) {
      return "Basic realm=\"" + quote(basicRealm) + "\"";
    }
    BearerTokens t = tokens.get();
    return "Bearer realm=\"" + quote(t.realm()) + "\",service=\"" + quote(t.service()) + "\""
        + scope.map(s -> ",scope=\"" + quote(s) + "\"").orElse("");
  }

  private static String quote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

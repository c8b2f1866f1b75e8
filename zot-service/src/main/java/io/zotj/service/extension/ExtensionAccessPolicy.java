package io.zotj.service.extension;

import io.zotj.service.config.AccessControlConfig;
import io.zotj.service.config.HttpConfig;
import io.zotj.spi.extension.RouteAccess;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The one place that decides whether a request may reach a route an extension added, from the
 * route's {@link RouteAccess}. Every extension route passes through {@link #check} before its
 * handler runs.
 *
 * <p>Authentication is not wired yet: {@link #forConfig} allows everyone when no access control
 * is configured, and refuses every protected route when it is (fail closed), until the
 * authentication work supplies a policy that reads the authenticated user (for
 * {@link RouteAccess#METRICS_READ}: {@code http.accessControl.metrics.users}).
 */
@FunctionalInterface
public interface ExtensionAccessPolicy {

  /** Lets every request through: the registry runs without access control. */
  ExtensionAccessPolicy OPEN = (request, access) -> Optional.empty();

  /**
   * Decides one request.
   *
   * @return empty to let the request through, else the response to send instead (401 or 403)
   */
  Optional<Response> check(ContainerRequestContext request, RouteAccess access);

  /** The policy the configuration asks for. */
  static ExtensionAccessPolicy forConfig(HttpConfig http) {
    boolean controlled = http.accessControl().filter(a -> !a.isEmpty()).isPresent()
        || http.auth().isPresent();
    if (!controlled) {
      return OPEN;
    }
    return (request, access) -> access == RouteAccess.ANYONE ? Optional.empty()
        : Optional.of(Response.status(Response.Status.UNAUTHORIZED)
            .entity("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication"
                + " required\"}]}").type("application/json").build());
  }

  /** The users zot 2 lets read metrics, for the policy the authentication work will add. */
  static java.util.List<String> metricsUsers(HttpConfig http) {
    return http.accessControl().flatMap(AccessControlConfig::metrics)
        .map(AccessControlConfig.MetricsAccess::users).orElse(java.util.List.of());
  }
}

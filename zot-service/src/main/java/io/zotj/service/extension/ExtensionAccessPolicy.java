package io.zotj.service.extension;

import io.zotj.service.config.AccessControlConfig;
import io.zotj.service.config.HttpConfig;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.spi.extension.RouteAccess;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides whether a request may reach a route an extension added, from the
 * route's {@link RouteAccess}. Every extension route passes through {@link #check} before its
 * handler runs; a refusal is a {@link RegistryException}, written like every API error.
 *
 * <p>Authentication is not wired yet: {@link #forConfig} allows everyone when neither
 * {@code http.auth} nor {@code http.accessControl} is configured, and refuses every route that
 * is not {@link RouteAccess#ANYONE} when one is (fail closed), until the authentication work
 * supplies a policy that reads the authenticated user (for {@link RouteAccess#METRICS_READ}:
 * {@link #metricsUsers}).
 */
@FunctionalInterface
public interface ExtensionAccessPolicy {

  /** Lets every request through: the registry runs without access control. */
  ExtensionAccessPolicy OPEN = (request, access) -> { };

  /**
   * Decides one request; returns normally to let it through.
   *
   * @throws RegistryException {@link OciError#UNAUTHORIZED} (401) when the route needs a user
   *     and the request has none, {@link OciError#DENIED} (403) when the user may not
   */
  void check(ContainerRequestContext request, RouteAccess access);

  /** The policy the configuration asks for. */
  static ExtensionAccessPolicy forConfig(HttpConfig http) {
    boolean controlled = http.accessControl().filter(a -> !a.isEmpty()).isPresent()
        || http.auth().isPresent();
    if (!controlled) {
      return OPEN;
    }
    return (request, access) -> {
      if (access != RouteAccess.ANYONE) {
        throw new RegistryException(OciError.UNAUTHORIZED, "authentication required",
            Map.of("route", request.getUriInfo().getPath()));
      }
    };
  }

  /** The users zot 2 lets read metrics ({@code http.accessControl.metrics.users}). */
  static List<String> metricsUsers(HttpConfig http) {
    return http.accessControl().flatMap(AccessControlConfig::metrics)
        .map(AccessControlConfig.MetricsAccess::users).orElse(List.of());
  }
}

package io.zotj.service.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.jackson.Jackson;
import io.zotj.service.config.HttpConfig;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.spi.extension.RouteAccess;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ExtensionAccessPolicyTest {

  private static final ContainerRequestContext REQUEST = request("metrics");

  @Test
  void letsEveryoneThroughWithoutAuthenticationOrAccessControl() throws Exception {
    ExtensionAccessPolicy policy = ExtensionAccessPolicy.forConfig(http("{}"));

    assertThat(policy).isSameAs(ExtensionAccessPolicy.OPEN);
    assertThatCode(() -> policy.check(REQUEST, RouteAccess.METRICS_READ))
        .doesNotThrowAnyException();
  }

  @Test
  void failsClosedForProtectedRoutesWhileAuthenticationIsNotWired() throws Exception {
    ExtensionAccessPolicy policy = ExtensionAccessPolicy.forConfig(
        http("{\"auth\": {\"htpasswd\": {\"path\": \"/etc/zot/htpasswd\"}}}"));

    assertThatThrownBy(() -> policy.check(REQUEST, RouteAccess.METRICS_READ))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.code()).isEqualTo(OciError.UNAUTHORIZED));
    assertThatCode(() -> policy.check(REQUEST, RouteAccess.ANYONE)).doesNotThrowAnyException();
  }

  @Test
  void readsZotsMetricsUsers() throws Exception {
    HttpConfig http = http("{\"accessControl\": {\"metrics\": {\"users\": [\"prom\"]}}}");

    assertThat(ExtensionAccessPolicy.metricsUsers(http)).containsExactly("prom");
  }

  private static HttpConfig http(String json) throws Exception {
    return Jackson.newObjectMapper().readValue(json, HttpConfig.class);
  }

  private static ContainerRequestContext request(String path) {
    UriInfo uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(),
        new Class<?>[] {UriInfo.class}, (p, method, args) -> path);
    return (ContainerRequestContext) Proxy.newProxyInstance(
        ContainerRequestContext.class.getClassLoader(),
        new Class<?>[] {ContainerRequestContext.class},
        (p, method, args) -> method.getName().equals("getUriInfo") ? uri : null);
  }
}

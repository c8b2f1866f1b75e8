package io.zotj.service.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that Jetty refuses before they reach the API still get the API's answer shape: an
 * OCI error body in JSON and the API version header, never an HTML page or an empty body.
 */
class JettyErrorsTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static OciClient client;

  @BeforeAll
  static void connect() {
    client = new OciClient(REGISTRY);
  }

  @Test
  void aPathThatClimbsAboveTheRootIsAnOciNameInvalid() {
    assertOciError(client.raw("GET /v2/%2e%2e/%2e%2e/x/tags/list HTTP/1.1", new byte[0]), 400,
        "NAME_INVALID");
    assertOciError(client.raw("GET /v2/a/../../../etc/tags/list HTTP/1.1", new byte[0]), 400,
        "NAME_INVALID");
  }

  @Test
  void aMethodTheServerDoesNotAllowIsAnOciUnsupported() {
    assertOciError(client.raw("TRACE /v2/ HTTP/1.1", new byte[0]), 405, "UNSUPPORTED");
  }

  @Test
  void aMalformedHeaderIsAnOciErrorToo() {
    assertOciError(client.raw("GET /v2/ HTTP/1.1\r\nContent-Length: abc", new byte[0]), 400,
        "UNSUPPORTED");
  }

  private static void assertOciError(OciClient.RawResponse response, int status, String code) {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.status()).as(body).isEqualTo(status);
    assertThat(response.header("content-type")).startsWith("application/json");
    assertThat(response.header("docker-distribution-api-version")).isEqualTo("registry/2.0");
    assertThat(body).contains("\"code\":\"" + code + "\"");
  }
}

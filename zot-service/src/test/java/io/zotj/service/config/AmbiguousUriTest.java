package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.DropwizardTestSupport;
import io.zotj.service.ZotApplication;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real server, configured as ZotApplication configures it, on loopback port 0. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmbiguousUriTest {

  /** The application with a one-resource API in place of the registry's. */
  public static class EchoApplication extends ZotApplication {
    @Override
    public void run(ZotConfiguration config, Environment environment) {
      environment.jersey().register(new EchoResource());
    }
  }

  /** Answers any path with the raw path it received. */
  @Path("/")
  public static class EchoResource {
    @GET
    @Path("{any: .*}")
    @Produces("text/plain")
    public String echo(@Context UriInfo uri) {
      return "app saw " + uri.getRequestUri().getRawPath();
    }
  }

  private DropwizardTestSupport<ZotConfiguration> app;

  @BeforeAll
  void start(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"storage": {"rootDirectory": "%s"},
         "http": {"address": "127.0.0.1", "port": 0},
         "log": {"level": "info"}}
        """.formatted(dir.resolve("store")));
    app = new DropwizardTestSupport<>(EchoApplication.class, config.toString());
    app.before();
  }

  @AfterAll
  void stop() {
    app.after();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/a%2e%2e/b/manifests/x", "/v2/a%2Fb/tags/list",
      "/v2/repo/%2e%2e/blobs/x", "/v2/repo/%2E%2E/x", "/v2/a%2F..%2Fb/blobs/x",
      "/v2/repo/manifests/latest"})
  void encodedSeparatorsAndDotSegmentsReachTheApplication(String path) throws Exception {
    HttpResponse<String> response = get(path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("app saw " + path);
  }

  /**
   * A known limit: Jetty refuses, before any handler, a path whose decoded form climbs above the
   * root; no URI compliance mode lets it through.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/v2/%2e%2e/%2e%2e/etc/blobs/x", "/v2/a/%2e%2e/%2e%2e/%2e%2e/x"})
  void jettyStillRefusesAPathThatClimbsAboveTheRoot(String path) throws Exception {
    assertThat(get(path).statusCode()).isEqualTo(400);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
            .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bindsBothConnectorsOnLoopbackFreePorts() {
    assertThat(app.getLocalPort()).isPositive();
    assertThat(app.getAdminPort()).isPositive().isNotEqualTo(ServerDefaults.ADMIN_PORT)
        .isNotEqualTo(app.getLocalPort());
  }
}

package io.zotj.service.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import io.zotj.spi.extension.ExtensionFactory;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryEvent.ManifestDeleted;
import io.zotj.spi.extension.RegistryEvent.ManifestPulled;
import io.zotj.spi.extension.RegistryEvent.ManifestPushed;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;
import io.zotj.spi.extension.RegistryEvent.StorageChanged;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension host in the real application: a plug-in from a folder gets its route, health
 * check and the registry's events, and the high-cardinality guard holds.
 */
class ExtensionHostTest {

  @TempDir static Path plugins;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    writePluginJar(plugins.resolve("zot-ext-echo.jar"));
    System.setProperty("zot.plugins", plugins.toString());
    registry = new TestRegistry("extensions:\n  ui: {}\n");
    registry.start();
  }

  @AfterAll
  static void stop() {
    System.clearProperty("zot.plugins");
    registry.afterAll(null);
  }

  @Test
  void servesTheExtensionsRouteAndHealthCheck() throws Exception {
    assertThat(get(registry.uri().resolve("/echo")).body()).startsWith("repositories [");
    assertThat(get(registry.adminUri().resolve("/healthcheck")).body()).contains("ui.echo");
  }

  @Test
  void publishesWhatARequestDidAfterItsResponse() throws Exception {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    String configDigest = "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(config));
    send("POST", "/v2/events/one/blobs/uploads/?digest=" + configDigest, config, null);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
    EchoExtensionFactory.EVENTS.clear();
    EchoExtensionFactory.LOCKS.clear();

    assertThat(send("PUT", "/v2/events/one/manifests/v1", manifest,
        "application/vnd.oci.image.manifest.v1+json")).isEqualTo(201);
    assertThat(EchoExtensionFactory.LOCKS).as("the push's lock on the repository")
        .isNotEmpty().allMatch(l -> l.equals(registry.root() + " EXCLUSIVE"));
    awaitEvents(3);
    assertThat(get(registry.uri().resolve("/v2/events/one/manifests/v1")).statusCode())
        .isEqualTo(200);
    awaitEvents(5);
    assertThat(send("DELETE", "/v2/events/one/manifests/v1", null, null)).isEqualTo(202);
    awaitEvents(8);

    List<RegistryEvent> events = List.copyOf(EchoExtensionFactory.EVENTS);
    assertThat(events).filteredOn(e -> !(e instanceof RequestFinished)).containsExactly(
        new ManifestPushed("events/one", "v1", digestOf(manifest)),
        new StorageChanged("events/one"),
        new ManifestPulled("events/one", "v1", digestOf(manifest)),
        new ManifestDeleted("events/one", "v1"),
        new StorageChanged("events/one"));
    assertThat(events).filteredOn(RequestFinished.class::isInstance)
        .map(e -> (RequestFinished) e)
        .extracting(RequestFinished::method, RequestFinished::status, RequestFinished::route,
            RequestFinished::repository)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("PUT", 201,
                "/v2/{name}/manifests/{reference}", Optional.of("events/one")),
            org.assertj.core.groups.Tuple.tuple("GET", 200,
                "/v2/{name}/manifests/{reference}", Optional.of("events/one")),
            org.assertj.core.groups.Tuple.tuple("DELETE", 202,
                "/v2/{name}/manifests/{reference}", Optional.of("events/one")));
  }

  @Test
  void namesNoRepositoryThatDoesNotExist() throws Exception {
    EchoExtensionFactory.EVENTS.clear();

    assertThat(get(registry.uri().resolve("/v2/no/such/repo/manifests/latest")).statusCode())
        .isEqualTo(404);
    assertThat(get(registry.uri().resolve("/elsewhere")).statusCode()).isEqualTo(404);
    awaitEvents(2);

    assertThat(EchoExtensionFactory.EVENTS).map(e -> (RequestFinished) e)
        .extracting(RequestFinished::route, RequestFinished::repository)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/v2/{name}/manifests/{reference}",
                Optional.empty()),
            org.assertj.core.groups.Tuple.tuple("other", Optional.empty()));
  }

  /** Events are published after the response is written: wait (boundedly) for them. */
  private static void awaitEvents(int count) throws InterruptedException {
    for (int i = 0; i < 100 && EchoExtensionFactory.EVENTS.size() < count; i++) {
      Thread.sleep(20);
    }
    assertThat(EchoExtensionFactory.EVENTS).hasSize(count);
  }

  private static String digestOf(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(bytes));
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int send(String method, String path, byte[] body, String type)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri().resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      request.header("Content-Type", type);
    } else if (body != null) {
      request.header("Content-Type", "application/octet-stream");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A plug-in jar of only a service file: the class itself comes from the test class path. */
  private static void writePluginJar(Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + ExtensionFactory.class.getName()));
      out.write((EchoExtensionFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}

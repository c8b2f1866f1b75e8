package io.zotj.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zotj.service.testing.ServiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while clients push: after a restart, every push the registry acknowledged is
 * there byte for byte, every blob's bytes match its name, and every {@code index.json} parses.
 */
class CrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PUSHERS = 6;
  private static final int CRASHES = 3;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void acknowledgedPushesSurviveKillNine() throws Exception {
    ServiceConfig written = ServiceConfig.write(dir, "", "logging:\n  level: WARN\n");
    int port = written.port();
    Path config = written.file();
    Path root = dir.resolve("storage");
    Map<String, String> acknowledged = new ConcurrentHashMap<>();

    for (int crash = 0; crash < CRASHES; crash++) {
      try (ServiceProcess service = new ServiceProcess(config, dir.resolve("log"), port)) {
        service.start();
        verify(service.uri(), acknowledged);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(PUSHERS);
        for (int t = 0; t < PUSHERS; t++) {
          int thread = t;
          int round = crash;
          pool.submit(() -> push(service.uri(), "crash/t" + thread, round, running,
              acknowledged));
        }
        Thread.sleep(2500);
        service.kill();
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    assertThat(acknowledged).hasSizeGreaterThan(10);
    try (ServiceProcess service = new ServiceProcess(config, dir.resolve("log"), port)) {
      service.start();
      verify(service.uri(), acknowledged);
    }
    assertStoreConsistent(root);
  }

  private void push(URI base, String repo, int round, AtomicBoolean running,
      Map<String, String> acknowledged) {
    Random random = new Random(repo.hashCode() * 31L + round);
    for (int i = 0; running.get() && i < 10_000; i++) {
      try {
        byte[] layer = new byte[64 * 1024 + random.nextInt(512 * 1024)];
        random.nextBytes(layer);
        byte[] config = ("{\"round\":" + round + ",\"i\":" + i + "}").getBytes();
        if (!pushBlobInChunks(base, repo, layer) || !pushBlob(base, repo, config)) {
          continue;
        }
        String manifest = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
            "config":{"mediaType":"application/vnd.oci.image.config.v1+json",\
            "digest":"%s","size":%d},"layers":[{"mediaType":\
            "application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}"""
            .formatted(digest(config), config.length, digest(layer), layer.length);
        String tag = "r" + round + "-" + i;
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                base.resolve("/v2/" + repo + "/manifests/" + tag))
            .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 201) {
          acknowledged.put(repo + ":" + tag, digest(manifest.getBytes()));
        }
      } catch (Exception e) {
        return; // the server was killed under us
      }
    }
  }

  private boolean pushBlob(URI base, String repo, byte[] blob) throws Exception {
    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
            base.resolve("/v2/" + repo + "/blobs/uploads/?digest=" + digest(blob)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
        HttpResponse.BodyHandlers.discarding());
    return r.statusCode() == 201;
  }

  private boolean pushBlobInChunks(URI base, String repo, byte[] blob) throws Exception {
    HttpResponse<Void> start = http.send(HttpRequest.newBuilder(
        base.resolve("/v2/" + repo + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    String location = start.headers().firstValue("Location").orElseThrow();
    int half = blob.length / 2;
    HttpResponse<Void> patch = http.send(HttpRequest.newBuilder(base.resolve(location))
        .header("Content-Range", "0-" + (half - 1))
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob, 0, half)).build(),
        HttpResponse.BodyHandlers.discarding());
    if (patch.statusCode() != 202) {
      return false;
    }
    HttpResponse<Void> put = http.send(HttpRequest.newBuilder(
            base.resolve(location + "?digest=" + digest(blob)))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob, half, blob.length - half)).build(),
        HttpResponse.BodyHandlers.discarding());
    return put.statusCode() == 201;
  }

  private void verify(URI base, Map<String, String> acknowledged) throws Exception {
    for (Map.Entry<String, String> e : acknowledged.entrySet()) {
      String[] repoTag = e.getKey().split(":");
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
              base.resolve("/v2/" + repoTag[0] + "/manifests/" + repoTag[1])).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
      assertThat(digest(r.body())).as(e.getKey()).isEqualTo(e.getValue());
      JsonNode manifest = JSON.readTree(r.body());
      List<JsonNode> blobs = new ArrayList<>();
      blobs.add(manifest.get("config"));
      manifest.get("layers").forEach(blobs::add);
      for (JsonNode blob : blobs) {
        HttpResponse<byte[]> b = http.send(HttpRequest.newBuilder(base.resolve(
                "/v2/" + repoTag[0] + "/blobs/" + blob.get("digest").asText())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(digest(b.body())).isEqualTo(blob.get("digest").asText());
      }
    }
  }

  private static void assertStoreConsistent(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path parent = file.getParent();
        String name = file.getFileName().toString();
        if (name.equals("index.json")) {
          assertThat(JSON.readTree(file.toFile()).get("manifests").isArray()).isTrue();
        } else if (parent.getFileName().toString().equals("sha256")
            && parent.getParent().getFileName().toString().equals("blobs")
            && !name.startsWith(".")) {
          assertThat(digest(Files.readAllBytes(file))).as(file.toString())
              .isEqualTo("sha256:" + name);
        }
      }
    }
  }

  static String digest(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

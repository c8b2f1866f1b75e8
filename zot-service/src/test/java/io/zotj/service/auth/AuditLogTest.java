package io.zotj.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zotj.service.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log under concurrent writers: every mutating request, one whole line each. */
class AuditLogTest {

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> """
      storage: {rootDirectory: "%s"}
      http: {address: 127.0.0.1, port: 0}
      log: {level: info, audit: "%s"}
      """.formatted(dir.resolve("storage"), dir.resolve("audit/zot-audit.log")));

  @Test
  void keepsEveryLineOfConcurrentPushesWhole() throws Exception {
    Http http = new Http(REGISTRY.uri());
    int threads = 8;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < each; i++) {
          byte[] blob = ("blob " + thread + "/" + i).getBytes(StandardCharsets.UTF_8);
          assertThat(http.pushBlob("audit/t" + thread, blob, null)).isEqualTo(201);
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    http.send("GET", "/v2/_catalog", null);

    Path log = REGISTRY.dir().resolve("audit/zot-audit.log");
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> lines = Files.readAllLines(log);
    while (lines.size() < threads * each && System.nanoTime() < deadline) {
      Thread.sleep(100);
      lines = Files.readAllLines(log);
    }

    assertThat(lines).hasSize(threads * each);
    Set<String> references = new HashSet<>();
    for (String line : lines) {
      JsonNode entry = Http.JSON.readTree(line);
      assertThat(entry.get("method").asText()).isEqualTo("POST");
      assertThat(entry.get("status").asInt()).isEqualTo(201);
      assertThat(entry.get("subject").asText()).isEqualTo("anonymous");
      assertThat(entry.get("action").asText()).isEqualTo("create");
      references.add(entry.get("repository").asText() + entry.get("reference").asText());
    }
    assertThat(references).hasSize(threads);
    String counted = Commands.run(log.getParent(), "jq", "-s",
        "map(select(.repository == \"audit/t3\")) | length", log.toString()).strip();
    assertThat(counted).isEqualTo(String.valueOf(each));
  }

  @Test
  void recordsTheForwardedForHeader() throws Exception {
    Http http = new Http(REGISTRY.uri());
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
        REGISTRY.uri().resolve("/v2/audit/fwd/blobs/uploads/"))
        .header("X-Forwarded-For", "203.0.113.7")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
    java.net.http.HttpClient.newHttpClient().send(request,
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(http.send("GET", "/v2/", null).statusCode()).isEqualTo(200);

    String line = HtpasswdAccessTest.awaitLine(REGISTRY.dir().resolve("audit/zot-audit.log"),
        "select(.forwardedFor == \"203.0.113.7\")");
    assertThat(Http.JSON.readTree(line).get("status").asInt()).isEqualTo(202);
  }
}

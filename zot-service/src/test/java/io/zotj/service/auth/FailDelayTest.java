package io.zotj.service.auth;

import static io.zotj.service.auth.Http.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** failDelay: failed credentials wait, without a server thread waiting with them. */
class FailDelayTest {

  static final int DELAY_SECONDS = 2;

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "ann", "ann-password");
    return """
        storage: {rootDirectory: "%s"}
        http:
          address: 127.0.0.1
          port: 0
          auth:
            htpasswd: {path: "%s"}
            failDelay: %d
        log: {level: info}
        """.formatted(dir.resolve("storage"), dir.resolve("htpasswd"), DELAY_SECONDS);
  });

  @Test
  void answersFailedCredentialsAfterTheDelayWithoutHoldingServerThreads() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI base = REGISTRY.uri().resolve("/v2/");
    int n = 40;
    long start = System.nanoTime();
    List<CompletableFuture<Long>> failed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpRequest wrong = HttpRequest.newBuilder(base)
          .header("Authorization", basic("ann", "guess-" + i)).build();
      failed.add(client.sendAsync(wrong, HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> {
            assertThat(r.statusCode()).isIn(401, 429);
            return System.nanoTime() - start;
          }));
    }
    Thread.sleep(DELAY_SECONDS * 1000L / 2);

    long held = Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> Arrays.stream(e.getValue()).anyMatch(f ->
            f.getClassName().startsWith(AuthenticationFilter.class.getName())))
        .count();
    long quietStart = System.nanoTime();
    HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(base).build(),
        HttpResponse.BodyHandlers.ofString());
    long anonymousNanos = System.nanoTime() - quietStart;
    HttpResponse<String> good = client.send(HttpRequest.newBuilder(base)
        .header("Authorization", basic("ann", "ann-password")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(held).as("server threads inside the authentication filter while %d failed"
        + " requests wait", n).isZero();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(Duration.ofNanos(anonymousNanos)).isLessThan(Duration.ofSeconds(1));
    assertThat(good.statusCode()).isEqualTo(200);
    for (CompletableFuture<Long> f : failed) {
      assertThat(Duration.ofNanos(f.get())).isGreaterThanOrEqualTo(
          Duration.ofMillis(DELAY_SECONDS * 1000L - 50));
    }
  }
}

package io.zotj.service.auth;

import static io.zotj.service.auth.Http.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded password-guessing loop (four threads of wrong passwords, {@code zot.guess.seconds}
 * long, 10 s by default) leaves another client's manifest GETs within 2x of their quiet median
 * latency, and every guess is answered.
 */
class GuessingLoopTest {

  static final Duration LOOP = Duration.ofSeconds(Long.getLong("zot.guess.seconds", 10));

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "worker", "worker-secret");
    Commands.run(dir, "htpasswd", "-B", "-b", "htpasswd", "victim", "victim-secret");
    return """
        storage: {rootDirectory: "%s"}
        http: {address: 127.0.0.1, port: 0, auth: {htpasswd: {path: "%s"}}}
        log: {level: warn}
        """.formatted(dir.resolve("storage"), dir.resolve("htpasswd"));
  });

  static final String WORKER = basic("worker", "worker-secret");

  @Test
  void aGuessingLoopNeitherLocksTheServerNorSlowsOtherClientsMuch() throws Exception {
    Http http = new Http(REGISTRY.uri());
    assertThat(http.pushImage("busy/app", "v1", "busy", WORKER).statusCode()).isEqualTo(201);
    median(http, 2000); // warm up the JIT on both sides first
    long quiet = median(http, 1000);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger throttled = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    ExecutorService guessers = Executors.newFixedThreadPool(4);
    List<Future<?>> loops = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      loops.add(guessers.submit(() -> {
        Http own = new Http(REGISTRY.uri());
        for (int i = 0; !stop.get() && i < 100_000; i++) {
          int status = own.send("GET", "/v2/busy/app/manifests/v1",
              basic("victim", "guess-" + thread + "-" + i)).statusCode();
          (status == 401 ? refused : status == 429 ? throttled : other).incrementAndGet();
        }
      }));
    }
    long end = System.nanoTime() + LOOP.toNanos();
    List<Long> during = new ArrayList<>();
    while (System.nanoTime() < end) {
      during.add(timedGet(http));
    }
    stop.set(true);
    for (Future<?> loop : loops) {
      loop.get();
    }
    guessers.shutdown();
    long loaded = median(during);
    long after = median(http, 1000);
    long baseline = Math.min(quiet, after);

    System.out.printf("guessing loop %ss: %d refused (401), %d throttled (429), %d other;"
        + " worker GET median %.3f ms quiet before, %.3f ms during (%d samples), %.3f ms"
        + " quiet after: %.2fx%n", LOOP.toSeconds(), refused.get(), throttled.get(),
        other.get(), quiet / 1e6, loaded / 1e6, during.size(), after / 1e6,
        (double) loaded / baseline);
    assertThat(other.get()).isZero();
    assertThat(refused.get() + throttled.get()).isPositive();
    assertThat((double) loaded / baseline).isLessThan(2.0);
    assertThat(http.send("GET", "/v2/", basic("victim", "victim-secret")).statusCode())
        .as("the victim's own login is answered, never a server fault").isIn(200, 429);
  }

  private static long median(Http http, int samples) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      times.add(timedGet(http));
    }
    return median(times);
  }

  private static long timedGet(Http http) {
    long start = System.nanoTime();
    int status = http.send("GET", "/v2/busy/app/manifests/v1", WORKER).statusCode();
    long took = System.nanoTime() - start;
    assertThat(status).isEqualTo(200);
    return took;
  }

  private static long median(List<Long> times) {
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}

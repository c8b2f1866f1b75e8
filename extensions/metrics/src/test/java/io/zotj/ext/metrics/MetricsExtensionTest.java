package io.zotj.ext.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.spi.extension.RegistryEvent.ManifestPulled;
import io.zotj.spi.extension.RegistryEvent.ManifestPushed;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;
import io.zotj.spi.extension.RegistryEvent.StorageChanged;
import io.zotj.spi.extension.RouteAccess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsExtensionTest {

  private final RecordingContext context = new RecordingContext(Map.of("library/alpine", 4096L));
  private final MetricsExtension metrics = new MetricsExtension(context, "/metrics");

  @AfterEach
  void stopScheduler() {
    context.scheduler.shutdownNow();
  }

  @Test
  void addsItsRouteForMetricsReadersAndAnAdminServlet() {
    assertThat(context.routes).containsExactly(
        new RecordingContext.Route("GET", "/metrics", RouteAccess.METRICS_READ));
    assertThat(context.adminPaths).containsExactly("/prometheus");
  }

  @Test
  void countsRequestsByMethodAndCodeButNotItsOwnScrapes() throws Exception {
    context.publish(finished("GET", 200, "/v2/{name}/manifests/{reference}", "library/alpine"));
    context.publish(finished("GET", 404, "/v2/{name}/manifests/{reference}", null));
    context.publish(finished("GET", 200, "/metrics", null));

    String text = metrics.scrape();
    assertThat(text).contains("zot_http_requests_total{code=\"200\",method=\"GET\"} 1.0")
        .contains("zot_http_requests_total{code=\"404\",method=\"GET\"} 1.0")
        .contains("zot_http_method_latency_seconds_count{method=\"GET\"} 2")
        .contains("zot_http_repo_latency_seconds_count{repo=\"library/alpine\"} 1")
        .contains("zot_http_repo_latency_seconds_count{repo=\"N/A\"} 1");
  }

  @Test
  void countsManifestPushesAndPullsPerRepository() throws Exception {
    context.publish(new ManifestPushed("library/alpine", "3.20", "sha256:ab"));
    context.publish(new ManifestPulled("library/alpine", "3.20", "sha256:ab"));
    context.publish(new ManifestPulled("library/alpine", "sha256:ab", "sha256:ab"));

    assertThat(metrics.scrape())
        .contains("zot_repo_uploads_total{repo=\"library/alpine\"} 1.0")
        .contains("zot_repo_downloads_total{repo=\"library/alpine\"} 2.0");
  }

  @Test
  void measuresARepositorysStorageAfterItChanges() throws Exception {
    context.publish(new StorageChanged("library/alpine"));

    String series = "zot_repo_storage_bytes{repo=\"library/alpine\"} 4096.0";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!metrics.scrape().contains(series) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(metrics.scrape()).contains(series);
  }

  @Test
  void bridgesDropwizardMetricsWithoutTheTotalTimersThatBreakTheFormat() throws Exception {
    context.dropwizard.counter("jobs.done").inc(3);
    context.dropwizard.timer("requests.total").update(Duration.ofMillis(5));

    String text = metrics.scrape();
    assertThat(text).contains("jobs_done_total 3.0").doesNotContain("requests_total");
  }

  @Test
  void saysWhatItIsInZotInfo() throws Exception {
    assertThat(metrics.scrape()).containsPattern(
        "zot_info\\{binaryType=\"jvm\",commit=\"[^\"]+\",goVersion=\"java[^\"]+\","
            + "version=\"9.9.9-test\"} 1");
  }

  private static RequestFinished finished(String method, int status, String route,
      String repo) {
    return new RequestFinished(method, status, route, Optional.ofNullable(repo),
        Duration.ofMillis(3));
  }
}

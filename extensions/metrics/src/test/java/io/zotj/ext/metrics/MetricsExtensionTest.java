package io.zotj.ext.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.spi.extension.RegistryEvent.ManifestPulled;
import io.zotj.spi.extension.RegistryEvent.ManifestPushed;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;
import io.zotj.spi.extension.RegistryEvent.StorageChanged;
import io.zotj.spi.extension.RouteAccess;
import io.zotj.spi.extension.StorageLockListener;
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
        "(?m)^zot_info\\{binaryType=\"jvm\",commit=\"[^\"]+\",goVersion=\"java[^\"]+\","
            + "version=\"9.9.9-test\"} 0$");
    assertThat(metrics.scrape()).contains("# TYPE zot_info gauge");
  }

  @Test
  void escapesZotInfosLabelValues() {
    assertThat(ZotSeries.labelValue("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
  }

  @Test
  void timesStorageLocksAsZotDoesWithItsBuckets() throws Exception {
    context.lockReleased("/var/lib/registry", StorageLockListener.Mode.EXCLUSIVE, 2_000_000);
    context.lockReleased("/var/lib/registry", StorageLockListener.Mode.EXCLUSIVE, 20_000_000);
    context.lockReleased("/srv/a", StorageLockListener.Mode.SHARED, 500_000);

    assertThat(metrics.scrape())
        .contains("# TYPE zot_storage_lock_latency_seconds histogram")
        .contains("zot_storage_lock_latency_seconds_bucket{lockType=\"RWLock\","
            + "storageName=\"/var/lib/registry\",le=\"0.001\"} 0")
        .contains("zot_storage_lock_latency_seconds_bucket{lockType=\"RWLock\","
            + "storageName=\"/var/lib/registry\",le=\"0.01\"} 1")
        .contains("zot_storage_lock_latency_seconds_bucket{lockType=\"RWLock\","
            + "storageName=\"/var/lib/registry\",le=\"0.1\"} 2")
        .contains("zot_storage_lock_latency_seconds_bucket{lockType=\"RWLock\","
            + "storageName=\"/var/lib/registry\",le=\"60.0\"} 2")
        .contains("zot_storage_lock_latency_seconds_sum{lockType=\"RWLock\","
            + "storageName=\"/var/lib/registry\"} 0.022")
        .contains("zot_storage_lock_latency_seconds_count{lockType=\"RLock\","
            + "storageName=\"/srv/a\"} 1");
  }

  @Test
  void keepsCountingWhenTheSameSeriesAreUsedAgain() throws Exception {
    for (int i = 0; i < 3; i++) {
      context.publish(finished("GET", 200, "/v2/{name}/manifests/{reference}", "library/alpine"));
      context.publish(new ManifestPulled("library/alpine", "3.20", "sha256:ab"));
    }
    context.publish(finished("PROPFIND", 405, "other", null));
    context.publish(finished("PROPFIND", 405, "other", null));

    assertThat(metrics.scrape())
        .contains("zot_http_requests_total{code=\"200\",method=\"GET\"} 3.0")
        .contains("zot_http_requests_total{code=\"405\",method=\"PROPFIND\"} 2.0")
        .contains("zot_http_method_latency_seconds_count{method=\"PROPFIND\"} 2")
        .contains("zot_http_repo_latency_seconds_count{repo=\"library/alpine\"} 3")
        .contains("zot_repo_downloads_total{repo=\"library/alpine\"} 3.0")
        .doesNotContain("zot_repo_uploads_total{repo=\"library/alpine\"}");
  }

  private static RequestFinished finished(String method, int status, String route,
      String repo) {
    return new RequestFinished(method, status, route, Optional.ofNullable(repo),
        Duration.ofMillis(3));
  }
}

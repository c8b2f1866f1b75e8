package io.zotj.ext.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryEvent.ManifestPulled;
import io.zotj.spi.extension.RegistryEvent.ManifestPushed;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;

/**
 * zot's own series, with zot's names, types, labels and buckets, so that dashboards and alerts
 * written for zot work unchanged.
 */
final class ZotSeries {

  /** zot's buckets for request latency by method, in seconds. */
  static final double[] METHOD_LATENCY_BUCKETS = {.05, .5, 1, 5, 30, 60, 600};

  /** The repository label of requests that address no existing repository, as zot writes it. */
  static final String NO_REPOSITORY = "N/A";

  private final Counter requests;
  private final Summary repoLatency;
  private final Histogram methodLatency;
  private final Gauge storageBytes;
  private final Counter uploads;
  private final Counter downloads;

  /**
   * Exemplars are off: they would look for a tracing span on every observation, which costs CPU
   * on each request and finds none (the registry does no tracing).
   */
  ZotSeries(PrometheusRegistry registry, String version) {
    requests = Counter.builder().name("zot_http_requests_total")
        .help("Total number of http request in zot").labelNames("method", "code")
        .withoutExemplars().register(registry);
    repoLatency = Summary.builder().name("zot_http_repo_latency_seconds")
        .help("Latency of serving HTTP requests").labelNames("repo").withoutExemplars()
        .register(registry);
    methodLatency = Histogram.builder().name("zot_http_method_latency_seconds")
        .help("Latency of serving HTTP requests").labelNames("method")
        .classicOnly().classicUpperBounds(METHOD_LATENCY_BUCKETS).withoutExemplars()
        .register(registry);
    storageBytes = Gauge.builder().name("zot_repo_storage_bytes")
        .help("Storage used per zot repo").labelNames("repo").register(registry);
    uploads = Counter.builder().name("zot_repo_uploads_total")
        .help("Total number times an image was uploaded").labelNames("repo")
        .withoutExemplars().register(registry);
    downloads = Counter.builder().name("zot_repo_downloads_total")
        .help("Total number times an image was downloaded").labelNames("repo")
        .withoutExemplars().register(registry);
    // An info series (value 1; zot's Go build writes 0). zot's labels, filled for a JVM build:
    // the Java runtime's version stands in goVersion, and the commit is known only when the
    // launcher passes -Dzot.commit.
    Info info = Info.builder().name("zot_info").help("Server general information")
        .labelNames("commit", "binaryType", "goVersion", "version").register(registry);
    info.addLabelValues(System.getProperty("zot.commit", "unknown"), "jvm",
        "java" + Runtime.version(), version);
  }

  /** Records one event; the metrics route's own requests were filtered out by the caller. */
  void record(RegistryEvent event) {
    if (event instanceof RequestFinished r) {
      double seconds = r.duration().toNanos() / 1e9;
      requests.labelValues(r.method(), Integer.toString(r.status())).inc();
      methodLatency.labelValues(r.method()).observe(seconds);
      repoLatency.labelValues(r.repository().orElse(NO_REPOSITORY)).observe(seconds);
    } else if (event instanceof ManifestPushed p) {
      uploads.labelValues(p.repository()).inc();
    } else if (event instanceof ManifestPulled p) {
      downloads.labelValues(p.repository()).inc();
    }
  }

  void storage(String repository, long bytes) {
    storageBytes.labelValues(repository).set(bytes);
  }

  void forget(String repository) {
    storageBytes.remove(repository);
  }
}

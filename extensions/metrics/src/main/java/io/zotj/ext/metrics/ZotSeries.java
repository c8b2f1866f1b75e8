package io.zotj.ext.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryEvent.ManifestPulled;
import io.zotj.spi.extension.RegistryEvent.ManifestPushed;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;
import io.zotj.spi.extension.StorageLockListener;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * zot's own series, with zot's names, types, labels and buckets, so that dashboards and alerts
 * written for zot work unchanged.
 *
 * <p>Each request updates three series. Looking a labelled series up by its label values costs
 * an array, a list, its hash and a map lookup, so the series a request needs are kept at hand:
 * per method (latency, and the request counter per status code) and per repository (latency,
 * pushes, pulls). Only existing repositories reach here, which bounds the repository cache.
 */
final class ZotSeries {

  /** zot's buckets for request latency by method, in seconds. */
  static final double[] METHOD_LATENCY_BUCKETS = {.05, .5, 1, 5, 30, 60, 600};

  /** zot's buckets for the time a storage lock is waited for and held, in seconds. */
  static final double[] LOCK_LATENCY_BUCKETS = {.001, .01, .1, 1, 5, 10, 15, 30, 60};

  /** The repository label of requests that address no existing repository, as zot writes it. */
  static final String NO_REPOSITORY = "N/A";

  /** Methods whose series are kept at hand; others are looked up each time. */
  private static final String[] METHODS = {"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"};

  private static final double NANOS_PER_SECOND = 1e9;

  private final Counter requests;
  private final Summary repoLatency;
  private final Histogram methodLatency;
  private final Gauge storageBytes;
  private final Counter uploads;
  private final Counter downloads;
  private final Histogram lockLatency;
  private final MethodSeries[] byMethod = new MethodSeries[METHODS.length];
  private final ConcurrentHashMap<String, RepoSeries> byRepo = new ConcurrentHashMap<>();
  private final RepoSeries noRepo;

  /**
   * Exemplars are off: they would look for a tracing span on every observation, which costs CPU
   * on each request and finds none (the registry does no tracing).
   */
  ZotSeries(PrometheusRegistry registry) {
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
    // zot's help text, which repeats the request latency's, kept for what reads it
    lockLatency = Histogram.builder().name("zot_storage_lock_latency_seconds")
        .help("Latency of serving HTTP requests").labelNames("storageName", "lockType")
        .classicOnly().classicUpperBounds(LOCK_LATENCY_BUCKETS).withoutExemplars()
        .register(registry);
    for (int i = 0; i < METHODS.length; i++) {
      byMethod[i] = new MethodSeries(METHODS[i]);
    }
    noRepo = new RepoSeries(NO_REPOSITORY);
  }

  /**
   * {@code zot_info} in the text format: a gauge of value 0, as zot sets it. The Prometheus
   * client refuses gauges whose name ends in {@code _info} (it keeps the suffix for its info type,
   * whose value is 1), so these lines are written beside the registry's. zot's labels, filled for
   * a JVM build: the Java runtime's version stands in goVersion, and the commit is known only when
   * the launcher passes {@code -Dzot.commit}.
   */
  static String infoText(String version) {
    return "# HELP zot_info Server general information\n"
        + "# TYPE zot_info gauge\n"
        + "zot_info{binaryType=\"jvm\",commit=\""
        + labelValue(System.getProperty("zot.commit", "unknown")) + "\",goVersion=\""
        + labelValue("java" + Runtime.version()) + "\",version=\"" + labelValue(version)
        + "\"} 0\n";
  }

  /** A label value escaped for the text format: backslash, double quote and line feed. */
  static String labelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Records one event; the metrics route's own requests were filtered out by the caller. */
  void record(RegistryEvent event) {
    if (event instanceof RequestFinished r) {
      double seconds = r.duration().toNanos() / NANOS_PER_SECOND;
      MethodSeries method = method(r.method());
      method.requests(r.status()).inc();
      method.latency.observe(seconds);
      RepoSeries repo = r.repository().isPresent() ? repo(r.repository().get()) : noRepo;
      repo.latency.observe(seconds);
    } else if (event instanceof ManifestPushed p) {
      repo(p.repository()).uploads().inc();
    } else if (event instanceof ManifestPulled p) {
      repo(p.repository()).downloads().inc();
    }
  }

  /** Records one lock's wait and hold, labelled as zot labels its image store's locks. */
  void lockReleased(String storageName, StorageLockListener.Mode mode, long nanos) {
    String lockType = mode == StorageLockListener.Mode.SHARED ? "RLock" : "RWLock";
    lockLatency.labelValues(storageName, lockType).observe(nanos / NANOS_PER_SECOND);
  }

  void storage(String repository, long bytes) {
    storageBytes.labelValues(repository).set(bytes);
  }

  void forget(String repository) {
    storageBytes.remove(repository);
  }

  private MethodSeries method(String name) {
    for (MethodSeries series : byMethod) {
      if (series.name.equals(name)) {
        return series;
      }
    }
    return new MethodSeries(name);
  }

  private RepoSeries repo(String name) {
    RepoSeries series = byRepo.get(name);
    return series != null ? series : byRepo.computeIfAbsent(name, RepoSeries::new);
  }

  /** The series of one HTTP method; status codes' counters are made on first use. */
  private final class MethodSeries {
    private static final int STATUSES = 600;

    final String name;
    final DistributionDataPoint latency;
    private final AtomicReferenceArray<CounterDataPoint> byStatus =
        new AtomicReferenceArray<>(STATUSES);

    MethodSeries(String name) {
      this.name = name;
      this.latency = methodLatency.labelValues(name);
    }

    CounterDataPoint requests(int status) {
      if (status < 0 || status >= STATUSES) {
        return ZotSeries.this.requests.labelValues(name, Integer.toString(status));
      }
      CounterDataPoint counter = byStatus.get(status);
      if (counter == null) {
        // two threads may both look it up: the registry hands both the same series
        counter = ZotSeries.this.requests.labelValues(name, Integer.toString(status));
        byStatus.set(status, counter);
      }
      return counter;
    }
  }

  /**
   * The series of one repository. Pushes and pulls are made on first use, so a repository that
   * was never pulled has no pull series, as in zot.
   */
  private final class RepoSeries {
    final String name;
    final DistributionDataPoint latency;
    private volatile CounterDataPoint uploadCount;
    private volatile CounterDataPoint downloadCount;

    RepoSeries(String name) {
      this.name = name;
      this.latency = repoLatency.labelValues(name);
    }

    CounterDataPoint uploads() {
      CounterDataPoint counter = uploadCount;
      if (counter == null) {
        counter = ZotSeries.this.uploads.labelValues(name);
        uploadCount = counter;
      }
      return counter;
    }

    CounterDataPoint downloads() {
      CounterDataPoint counter = downloadCount;
      if (counter == null) {
        counter = ZotSeries.this.downloads.labelValues(name);
        downloadCount = counter;
      }
      return counter;
    }
  }
}

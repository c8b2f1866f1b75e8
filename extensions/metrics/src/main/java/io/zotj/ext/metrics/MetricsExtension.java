package io.zotj.ext.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.zotj.spi.extension.Extension;
import io.zotj.spi.extension.ExtensionContext;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;
import io.zotj.spi.extension.RegistryEvent.StorageChanged;
import io.zotj.spi.extension.RouteAccess;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus metrics: zot's series fed by registry events, plus Dropwizard's metrics of the JVM,
 * Jetty and Jersey, served at the configured path on the application port and at
 * {@value #ADMIN_PATH} on the admin port.
 */
final class MetricsExtension implements Extension {

  static final String ADMIN_PATH = "/prometheus";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsExtension.class);

  /**
   * Dropwizard 5 registers timers named {@code <name>.total}; as Prometheus names they end in
   * {@code _total}, which the exposition reserves for counters, and every scrape would fail.
   */
  static final MetricFilter NO_TOTAL_TIMERS = (name, metric) -> !name.endsWith(".total");

  private final ExtensionContext context;
  private final String path;
  private final ZotSeries zot;
  private final PrometheusText text;
  /** Repositories whose size is due for a recount; coalesces a burst of pushes into one. */
  private final Set<String> sizesDue = ConcurrentHashMap.newKeySet();

  MetricsExtension(ExtensionContext context, String path) {
    this.context = context;
    this.path = path;
    PrometheusRegistry registry = new PrometheusRegistry();
    this.zot = new ZotSeries(registry);
    context.hostService(MetricRegistry.class).ifPresent(dropwizard -> DropwizardExports
        .builder().dropwizardRegistry(dropwizard).metricFilter(NO_TOTAL_TIMERS)
        .register(registry));
    this.text = new PrometheusText(registry, ZotSeries.infoText(context.coreVersion()));
    context.onEvent(this::onEvent);
    context.onStorageLock(zot::lockReleased);
    context.addRoute("GET", path, RouteAccess.METRICS_READ, request -> Response.ok(
        (StreamingOutput) text::write, PrometheusText.CONTENT_TYPE)
        .header("Cache-Control", "no-store").build());
    context.addAdminServlet(ADMIN_PATH, new AdminPrometheusServlet(text));
  }

  @Override
  public void start() {
    context.scheduler().execute(this::measureAll);
    LOG.info("Metrics: Prometheus text at {} (admin port: {})", path, ADMIN_PATH);
  }

  /** What a scrape returns now. */
  String scrape() throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    text.write(out);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void onEvent(RegistryEvent event) {
    if (event instanceof RequestFinished r) {
      if (!r.route().equals(path)) {
        zot.record(r);
      }
    } else if (event instanceof StorageChanged s) {
      if (sizesDue.add(s.repository())) {
        context.scheduler().schedule(() -> measure(s.repository()), 1, TimeUnit.SECONDS);
      }
    } else {
      zot.record(event);
    }
  }

  private void measureAll() {
    try {
      for (String repository : context.registry().repositories()) {
        zot.storage(repository, context.registry().storageBytes(repository));
      }
    } catch (Exception e) {
      LOG.warn("Metrics: could not measure the repositories' storage", e);
    }
  }

  private void measure(String repository) {
    sizesDue.remove(repository);
    try {
      if (context.registry().exists(repository)) {
        zot.storage(repository, context.registry().storageBytes(repository));
      } else {
        zot.forget(repository);
      }
    } catch (Exception e) {
      LOG.warn("Metrics: could not measure the storage of {}", repository, e);
    }
  }
}

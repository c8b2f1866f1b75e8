package io.zotj.ext.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a registry in Prometheus' text format (0.0.4), which every scraper reads. */
final class PrometheusText {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusRegistry registry;
  private final byte[] fixed;
  private final PrometheusTextFormatWriter writer =
      PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();

  /**
   * @param fixed lines written after the registry's, for series the registry cannot hold
   */
  PrometheusText(PrometheusRegistry registry, String fixed) {
    this.registry = registry;
    this.fixed = fixed.getBytes(StandardCharsets.UTF_8);
  }

  void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
    out.write(fixed);
    out.flush();
  }
}

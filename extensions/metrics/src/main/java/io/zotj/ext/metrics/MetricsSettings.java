package io.zotj.ext.metrics;

/**
 * The {@code extensions.metrics} section as this extension reads it; the core binds it with its
 * own rules (unknown keys fail).
 */
public class MetricsSettings {

  /** Absent or true: on. */
  public Boolean enable;

  /** {@code extensions.metrics.prometheus}. */
  public Prometheus prometheus = new Prometheus();

  /** Where the Prometheus text format is served on the application port. */
  public static class Prometheus {
    public String path = MetricsExtensionFactory.DEFAULT_PATH;
  }
}

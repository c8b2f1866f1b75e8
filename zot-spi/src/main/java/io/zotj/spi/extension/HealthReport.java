package io.zotj.spi.extension;

/**
 * The outcome of an extension's health check, shown on the admin port's {@code /healthcheck}.
 *
 * @param healthy whether the extension works
 * @param message what is wrong, or a short note when healthy; may be null
 */
public record HealthReport(boolean healthy, String message) {

  public static HealthReport ok() {
    return new HealthReport(true, null);
  }

  public static HealthReport failing(String message) {
    return new HealthReport(false, message);
  }
}

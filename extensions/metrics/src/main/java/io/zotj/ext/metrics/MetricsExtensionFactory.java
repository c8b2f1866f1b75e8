package io.zotj.ext.metrics;

import io.zotj.spi.extension.Extension;
import io.zotj.spi.extension.ExtensionContext;
import io.zotj.spi.extension.ExtensionFactory;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code metrics} extension: zot's Prometheus series on the application port. */
public final class MetricsExtensionFactory implements ExtensionFactory {

  static final String DEFAULT_PATH = "/metrics";

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public List<String> validate(Map<String, Object> section) {
    Object prometheus = section.get("prometheus");
    Object path = prometheus instanceof Map<?, ?> p ? p.get("path") : null;
    if (path == null) {
      return List.of();
    }
    String text = path.toString();
    if (!PATH.matcher(text).matches()) {
      return List.of("prometheus.path: '" + text + "' must be an absolute path such as"
          + " /metrics (letters, digits and . _ ~ - between slashes)");
    }
    if (text.equals("/v2") || text.startsWith("/v2/")) {
      return List.of("prometheus.path: '" + text + "' is inside the Distribution API (/v2)");
    }
    return List.of();
  }

  @Override
  public Extension create(ExtensionContext context) {
    MetricsSettings settings = context.settings(MetricsSettings.class);
    return new MetricsExtension(context, settings.prometheus.path);
  }
}

package io.zotj.ext.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsExtensionFactoryTest {

  private final MetricsExtensionFactory factory = new MetricsExtensionFactory();

  @Test
  void isTheMetricsSection() {
    assertThat(factory.name()).isEqualTo("metrics");
  }

  @Test
  void acceptsTheDefaultAndAnotherAbsolutePath() {
    assertThat(factory.validate(Map.of())).isEmpty();
    assertThat(factory.validate(Map.of("prometheus", Map.of("path", "/ops/metrics")))).isEmpty();
  }

  @Test
  void refusesAPathInsideTheDistributionApiOrNotAbsolute() {
    assertThat(factory.validate(Map.of("prometheus", Map.of("path", "/v2/metrics"))))
        .containsExactly("prometheus.path: '/v2/metrics' is inside the Distribution API (/v2)");
    assertThat(factory.validate(Map.of("prometheus", Map.of("path", "metrics"))))
        .singleElement().asString()
        .startsWith("prometheus.path: 'metrics' must be an absolute path");
  }
}

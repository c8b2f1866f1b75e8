package io.zotj.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jersey times the API's resource methods in the timers the core created for it. */
class ResourceTimersTest {

  private static final String PREFIX = V2Resource.class.getName() + ".";

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  @Test
  void jerseyUsesTheTimersCreatedAheadAndMakesNoOthers() throws Exception {
    MetricRegistry metrics = REGISTRY.environment().metrics();
    Timer get = metrics.getTimers().get(PREFIX + "get");
    long before = get.getCount();

    for (String path : List.of("/v2/_catalog", "/v2/no/such/manifests/latest")) {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(REGISTRY.uri().resolve(path))
          .build(), HttpResponse.BodyHandlers.discarding());
    }

    SortedMap<String, Timer> timers = metrics.getTimers((name, metric) ->
        name.startsWith(PREFIX));
    assertThat(timers.keySet()).containsExactlyInAnyOrderElementsOf(
        ResourceTimers.install(new MetricRegistry(), V2Resource.class));
    assertThat(timers).hasSize(8 * ResourceTimers.SUFFIXES.size()).containsKeys(
        PREFIX + "get", PREFIX + "get.total", PREFIX + "headBase.request.filtering");
    assertThat(metrics.getTimers().get(PREFIX + "get")).isSameAs(get);
    for (Timer timer : timers.values()) {
      assertThat(field(field(timer, "histogram"), "reservoir"))
          .isInstanceOf(LockFreeExponentiallyDecayingReservoir.class);
    }
    // the method's timer stops before the response is written; .total only after the client
    // may have read it, so its count is not asserted here
    assertThat(get.getCount() - before).isEqualTo(2);
  }

  /** Timers do not tell their reservoir; the test looks (metrics-core's field names). */
  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    java.lang.reflect.Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }
}

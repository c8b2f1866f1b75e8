package io.zotj.service.api;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.codahale.metrics.annotation.Timed;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the timers of a resource's {@link Timed} methods before Dropwizard's Jersey listener
 * does, with a lock-free reservoir. The listener looks each timer up by name and keeps one that
 * exists; its own would take a read-write lock on every update, and each request updates four of
 * them (the method, request and response filtering, and the whole request).
 */
public final class ResourceTimers {

  /** What the listener appends to a method's timer name (Dropwizard tracks filters). */
  static final List<String> SUFFIXES = List.of("", ".request.filtering", ".response.filtering",
      ".total");

  private ResourceTimers() {}

  /**
   * Registers the timers of {@code resource}'s timed methods in {@code registry}.
   *
   * @return their names
   */
  public static List<String> install(MetricRegistry registry, Class<?> resource) {
    List<String> names = new ArrayList<>();
    for (Method method : resource.getDeclaredMethods()) {
      Timed timed = method.getAnnotation(Timed.class);
      if (timed == null) {
        continue;
      }
      for (String suffix : SUFFIXES) {
        String name = name(resource, method, timed) + suffix;
        registry.timer(name, () -> new Timer(
            LockFreeExponentiallyDecayingReservoir.builder().build()));
        names.add(name);
      }
    }
    return names;
  }

  /** The name the listener gives the method's timer, before its suffixes. */
  static String name(Class<?> resource, Method method, Timed timed) {
    if (timed.name().isEmpty()) {
      return MetricRegistry.name(resource, method.getName());
    }
    return timed.absolute() ? timed.name() : MetricRegistry.name(resource, timed.name());
  }
}

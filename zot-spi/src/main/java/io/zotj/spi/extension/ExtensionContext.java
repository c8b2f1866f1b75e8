package io.zotj.spi.extension;

import jakarta.servlet.Servlet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the core offers one extension, and all it offers: its configuration section, routes on
 * the application and admin ports, a read view of the registry, the event stream, the store's lock
 * timings, a scheduler and health checks. Routes, listeners and health checks are registered from
 * {@link ExtensionFactory#create}; afterwards the server is running and they are refused.
 */
public interface ExtensionContext {

  /** The extension's name: the key of its section under {@code extensions}. */
  String name();

  /** The extension's section as the core parsed and validated it, defaults filled in. */
  Map<String, Object> settings();

  /**
   * The extension's section bound to {@code type} with the core's rules: unknown keys are
   * errors, durations in Go's form ({@code 1h30m}) become {@link java.time.Duration}s.
   *
   * @throws IllegalArgumentException naming the key when the section does not fit the type
   */
  <T> T settings(Class<T> type);

  /**
   * Adds a route on the application port. The core checks {@code access} before the handler
   * runs and answers 401 or 403 itself.
   *
   * @param method the HTTP method, upper case ({@code GET})
   * @param path the absolute path ({@code /metrics}); paths under {@code /v2/} are reserved for
   *     the Distribution API except {@code /v2/_zot/ext/...}
   * @throws IllegalArgumentException for a malformed or reserved path
   */
  void addRoute(String method, String path, RouteAccess access, RouteHandler handler);

  /**
   * Adds a servlet on the admin port (next to Dropwizard's {@code /healthcheck} and
   * {@code /metrics}). The admin port has no access control of its own: bind it to a trusted
   * interface.
   *
   * @param path the servlet mapping ({@code /prometheus})
   */
  void addAdminServlet(String path, Servlet servlet);

  /** Read access to repositories, tags and sizes. */
  RegistryView registry();

  /**
   * Registers a listener for {@link RegistryEvent}s. An exception thrown by the listener is
   * logged and does not affect the request or other listeners.
   */
  void onEvent(Consumer<RegistryEvent> listener);

  /**
   * Registers a listener for the store's locks: told, as each is released, how long it was waited
   * for and held (zot's {@code zot_storage_lock_latency_seconds}). An exception thrown by the
   * listener is logged and does not affect the store.
   */
  void onStorageLock(StorageLockListener listener);

  /**
   * A scheduler for the extension's background work, shared by all extensions and shut down with
   * the server: tasks must not block it for long.
   */
  ScheduledExecutorService scheduler();

  /** Adds a health check shown on the admin port as {@code <extension>.<name>}. */
  void addHealthCheck(String name, Supplier<HealthReport> check);

  /**
   * An object the host shares by type, if it has one. The core offers
   * {@code com.codahale.metrics.MetricRegistry} (Dropwizard's metrics of the JVM, Jetty and
   * Jersey); a plug-in that asks for it declares that library as provided, not bundled.
   */
  <T> Optional<T> hostService(Class<T> type);

  /** The version of the core, as {@code zot_info} and similar need it. */
  String coreVersion();
}

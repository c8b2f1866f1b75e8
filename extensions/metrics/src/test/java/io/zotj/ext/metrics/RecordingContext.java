package io.zotj.ext.metrics;

import com.codahale.metrics.MetricRegistry;
import io.zotj.spi.extension.ExtensionContext;
import io.zotj.spi.extension.HealthReport;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryView;
import io.zotj.spi.extension.RouteAccess;
import io.zotj.spi.extension.RouteHandler;
import io.zotj.spi.extension.StorageLockListener;
import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** An extension context that records what the extension registers; a fixed set of repos. */
final class RecordingContext implements ExtensionContext {

  record Route(String method, String path, RouteAccess access) {}

  final List<Route> routes = new ArrayList<>();
  final List<String> adminPaths = new ArrayList<>();
  final List<Consumer<RegistryEvent>> listeners = new ArrayList<>();
  final List<StorageLockListener> lockListeners = new ArrayList<>();
  final MetricRegistry dropwizard = new MetricRegistry();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, Long> repositories;

  RecordingContext(Map<String, Long> repositories) {
    this.repositories = repositories;
  }

  void publish(RegistryEvent event) {
    listeners.forEach(l -> l.accept(event));
  }

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public Map<String, Object> settings() {
    return Map.of();
  }

  @Override
  public <T> T settings(Class<T> type) {
    throw new UnsupportedOperationException("bound by the core in real runs");
  }

  @Override
  public void addRoute(String method, String path, RouteAccess access, RouteHandler handler) {
    routes.add(new Route(method, path, access));
  }

  @Override
  public void addAdminServlet(String path, Servlet servlet) {
    adminPaths.add(path);
  }

  @Override
  public RegistryView registry() {
    return new RegistryView() {
      @Override
      public List<String> repositories() {
        return List.copyOf(Set.copyOf(repositories.keySet()));
      }

      @Override
      public boolean exists(String repository) {
        return repositories.containsKey(repository);
      }

      @Override
      public List<String> tags(String repository) {
        return List.of();
      }

      @Override
      public long storageBytes(String repository) {
        return repositories.getOrDefault(repository, 0L);
      }
    };
  }

  @Override
  public void onEvent(Consumer<RegistryEvent> listener) {
    listeners.add(listener);
  }

  @Override
  public void onStorageLock(StorageLockListener listener) {
    lockListeners.add(listener);
  }

  void lockReleased(String storageName, StorageLockListener.Mode mode, long nanos) {
    lockListeners.forEach(l -> l.released(storageName, mode, nanos));
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public void addHealthCheck(String name, Supplier<HealthReport> check) {}

  @Override
  public <T> Optional<T> hostService(Class<T> type) {
    return type == MetricRegistry.class ? Optional.of(type.cast(dropwizard)) : Optional.empty();
  }

  @Override
  public String coreVersion() {
    return "9.9.9-test";
  }
}

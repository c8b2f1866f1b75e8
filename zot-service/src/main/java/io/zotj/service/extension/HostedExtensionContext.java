package io.zotj.service.extension;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.core.setup.Environment;
import io.zotj.service.config.ExtensionSections;
import io.zotj.spi.extension.ExtensionContext;
import io.zotj.spi.extension.HealthReport;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryView;
import io.zotj.spi.extension.RouteAccess;
import io.zotj.spi.extension.RouteHandler;
import io.zotj.spi.extension.StorageLockListener;
import jakarta.servlet.Servlet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.model.Resource;

/** One extension's view of the core; it registers with Dropwizard on the extension's behalf. */
final class HostedExtensionContext implements ExtensionContext {

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH",
      "DELETE");

  private final String name;
  private final Map<String, Object> settings;
  private final Environment environment;
  private final ExtensionHost host;

  HostedExtensionContext(String name, Map<String, Object> settings, Environment environment,
      ExtensionHost host) {
    this.name = name;
    this.settings = settings;
    this.environment = environment;
    this.host = host;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, Object> settings() {
    return settings;
  }

  @Override
  public <T> T settings(Class<T> type) {
    return ExtensionSections.bind(settings, type);
  }

  @Override
  public void addRoute(String method, String path, RouteAccess access, RouteHandler handler) {
    host.requireOpen(name, "route " + path);
    String verb = method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(verb)) {
      throw new IllegalArgumentException("extension " + name + ": no such method " + method);
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("extension " + name + ": route path " + path
          + " must be absolute, with letters, digits and . _ ~ - between slashes");
    }
    if ((path.equals("/v2") || path.startsWith("/v2/")) && !path.startsWith("/v2/_zot/ext/")) {
      throw new IllegalArgumentException("extension " + name + ": route path " + path
          + " is the Distribution API's; extensions use /v2/_zot/ext/... or their own paths");
    }
    host.claimRoute(path, name);
    Resource.Builder resource = Resource.builder(path);
    resource.addMethod(verb).handledBy(
        new ExtensionRoute(name, access, handler, host.accessPolicy()));
    environment.jersey().getResourceConfig().registerResources(resource.build());
  }

  @Override
  public void addAdminServlet(String path, Servlet servlet) {
    host.requireOpen(name, "admin servlet " + path);
    environment.admin().addServlet(name + ":" + path, servlet).addMapping(path);
  }

  @Override
  public RegistryView registry() {
    return host.registryView();
  }

  @Override
  public void onEvent(Consumer<RegistryEvent> listener) {
    host.requireOpen(name, "an event listener");
    host.events().subscribe(listener);
  }

  @Override
  public void onStorageLock(StorageLockListener listener) {
    host.requireOpen(name, "a storage lock listener");
    host.lockTimings().subscribe(listener);
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return host.scheduler();
  }

  @Override
  public void addHealthCheck(String check, Supplier<HealthReport> report) {
    host.requireOpen(name, "health check " + check);
    environment.healthChecks().register(name + "." + check, new HealthCheck() {
      @Override
      protected Result check() {
        HealthReport r = report.get();
        return r.healthy() ? Result.healthy(r.message()) : Result.unhealthy(r.message());
      }
    });
  }

  @Override
  public <T> Optional<T> hostService(Class<T> type) {
    if (type == MetricRegistry.class) {
      return Optional.of(type.cast(environment.metrics()));
    }
    return Optional.empty();
  }

  @Override
  public String coreVersion() {
    return host.coreVersion();
  }
}

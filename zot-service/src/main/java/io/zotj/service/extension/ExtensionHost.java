package io.zotj.service.extension;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.zotj.service.api.RequestEventsFilter;
import io.zotj.service.config.ExtensionConfig;
import io.zotj.service.config.ExtensionSections;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.plugin.PluginException;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.store.RegistryStore;
import io.zotj.spi.extension.Extension;
import io.zotj.spi.extension.ExtensionFactory;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the configured extensions from their plug-ins, gives each its
 * {@link io.zotj.spi.extension.ExtensionContext}, feeds them registry events and starts and stops
 * them with the server.
 */
public final class ExtensionHost {

  private static final Logger LOG = LoggerFactory.getLogger(ExtensionHost.class);

  private final Environment environment;
  private final ExtensionAccessPolicy accessPolicy;
  private final StoreRegistryView registryView;
  private final EventStream events = new EventStream();
  private final LockTimings lockTimings = new LockTimings();
  private final Map<String, String> routes = new ConcurrentHashMap<>();
  private final String coreVersion;
  private ScheduledExecutorService scheduler;
  /** Extensions register routes, listeners and checks while they are created, never later. */
  private volatile boolean open = true;

  private ExtensionHost(Environment environment, ExtensionAccessPolicy accessPolicy,
      RegistryStore store, String coreVersion) {
    this.environment = environment;
    this.accessPolicy = accessPolicy;
    this.registryView = new StoreRegistryView(store);
    this.coreVersion = coreVersion;
  }

  /**
   * Creates every enabled extension of the configuration and registers it with Dropwizard.
   *
   * @throws PluginException when an enabled extension has no plug-in or cannot be created
   */
  public static ExtensionHost install(ZotConfiguration config, Environment environment,
      PluginRegistry plugins, RegistryStore store, ExtensionAccessPolicy accessPolicy,
      String coreVersion) {
    ExtensionHost host = new ExtensionHost(environment, accessPolicy, store, coreVersion);
    Map<String, Extension> running = new LinkedHashMap<>();
    config.extensions().configured().forEach((name, section) -> {
      if (section.enabled()) {
        running.put(name, host.create(name, section, plugins));
      }
    });
    host.open = false;
    if (running.isEmpty()) {
      return host;
    }
    environment.lifecycle().manage(new Lifecycle(running));
    if (host.lockTimings.active()) {
      store.observeLocks(host.lockTimings);
    }
    if (host.events.active()) {
      environment.servlets().addFilter("registry-events",
          new RequestEventsFilter(host.events, host.registryView::exists, host.routes::get))
          .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }
    return host;
  }

  private Extension create(String name, ExtensionConfig section, PluginRegistry plugins) {
    ExtensionFactory factory = plugins.extension(name).orElseThrow(() -> new PluginException(
        plugins.missing("extension", name, PluginRegistry.extensionJar(name))));
    HostedExtensionContext context = new HostedExtensionContext(name,
        ExtensionSections.toMap(section), environment, this);
    try {
      return factory.create(context);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new PluginException("extension " + name + " cannot start: " + e.getMessage());
    }
  }

  /** Refuses registrations once start-up is past: the server would not serve them. */
  void requireOpen(String extension, String what) {
    if (!open) {
      throw new IllegalStateException("extension " + extension + " adds " + what
          + " after start-up; register from ExtensionFactory.create");
    }
  }

  void claimRoute(String path, String extension) {
    String previous = routes.putIfAbsent(path, path);
    if (previous != null) {
      throw new PluginException("extension " + extension + " adds route " + path
          + ", which another extension added already");
    }
  }

  ExtensionAccessPolicy accessPolicy() {
    return accessPolicy;
  }

  StoreRegistryView registryView() {
    return registryView;
  }

  EventStream events() {
    return events;
  }

  LockTimings lockTimings() {
    return lockTimings;
  }

  String coreVersion() {
    return coreVersion;
  }

  synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler = environment.lifecycle().scheduledExecutorService("extensions").threads(1)
          .build();
    }
    return scheduler;
  }

  /** Starts the extensions in configuration order and stops them in reverse. */
  private record Lifecycle(Map<String, Extension> extensions) implements Managed {

    @Override
    public void start() throws Exception {
      for (Map.Entry<String, Extension> e : extensions.entrySet()) {
        e.getValue().start();
        LOG.info("Extension {} started", e.getKey());
      }
    }

    @Override
    public void stop() {
      List<Map.Entry<String, Extension>> reverse = new ArrayList<>(extensions.entrySet());
      java.util.Collections.reverse(reverse);
      for (Map.Entry<String, Extension> e : reverse) {
        try {
          e.getValue().stop();
        } catch (Exception failure) {
          LOG.warn("Extension {} did not stop cleanly", e.getKey(), failure);
        }
      }
    }
  }
}

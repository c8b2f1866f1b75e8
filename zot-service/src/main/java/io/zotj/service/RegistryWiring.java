package io.zotj.service;

import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.zotj.service.api.AcceptHeaderFilter;
import io.zotj.service.api.ApiVersionFilter;
import io.zotj.service.api.ErrorResponses;
import io.zotj.service.api.JettyErrors;
import io.zotj.service.api.ResourceTimers;
import io.zotj.service.api.V2Resource;
import io.zotj.service.auth.Authorizer;
import io.zotj.service.auth.Security;
import io.zotj.service.config.StorageConfig;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.extension.ExtensionAccessPolicy;
import io.zotj.service.extension.ExtensionHost;
import io.zotj.service.health.StorageHealthCheck;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.store.RegistryStore;
import io.zotj.service.auth.Identity;
import io.zotj.spi.extension.RouteAccess;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the registry's parts from the configuration and registers them with Dropwizard. */
final class RegistryWiring {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryWiring.class);

  /** How long a connection may sit idle during a graceful stop before it is cut. */
  static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofSeconds(10);

  private RegistryWiring() {}

  static RegistryStore install(ZotConfiguration config, Environment environment,
      PluginRegistry plugins) throws Exception {
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      // The API writes its own error bodies for every failure (ErrorResponses).
      server.setRegisterDefaultExceptionMappers(false);
    }
    plugins.logLoaded();
    config.startupNotices().forEach(LOG::info);
    StorageConfig storage = config.storage();
    StoreOpener.lockRoots(storage);
    RegistryStore store = StoreOpener.open(storage, plugins, true);
    LOG.info("Storage: {} driver at {} (commit {})", store.driver().name(),
        storage.rootDirectory(), storage.commit() ? "on: every write synced" : "off");

    // Locations stay relative, as clients resolve them, so the registry works behind a proxy.
    environment.jersey().property(
        ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
    // The login filter also runs on the routes extensions add, so that they see who calls.
    List<String> extensionPaths = config.extensions().metrics()
        .filter(io.zotj.service.config.ExtensionConfig::enabled)
        .map(metrics -> List.of(metrics.prometheus().path())).orElse(List.of());
    Authorizer authorizer = Security.install(config, environment, extensionPaths);
    ResourceTimers.install(environment.metrics(), V2Resource.class);
    environment.jersey().register(new V2Resource(store, authorizer));
    environment.jersey().register(new ErrorResponses());
    environment.jersey().register(new ApiVersionFilter());
    environment.jersey().register(new AcceptHeaderFilter());
    environment.getApplicationContext().setErrorHandler(new JettyErrors());
    environment.lifecycle().addEventListener(new org.eclipse.jetty.util.component.LifeCycle
        .Listener() {
      @Override
      public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
        if (event instanceof org.eclipse.jetty.server.Server server) {
          server.setErrorHandler(new JettyErrors());
          for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
              // On SIGTERM Jetty lets requests in flight finish, but cuts connections idle for
              // longer than this; Jetty's 1 s would fail an upload whose client merely paused.
              c.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
            }
          }
        }
      }
    });
    // Extensions (metrics, ...) from their plug-ins; every route they add passes this check.
    ExtensionAccessPolicy access = (request, needs) -> authorizer.requireRoute(
        Identity.of(request.getProperty(Identity.ATTRIBUTE)), needs == RouteAccess.METRICS_READ,
        needs != RouteAccess.ANYONE);
    ExtensionHost.install(config, environment, plugins, store, access, version());
    environment.healthChecks().register("storage",
        new StorageHealthCheck(store, storage.rootDirectory().toString()));
    StorageTasks tasks = new StorageTasks(store, config.extensions().scrub());
    tasks.install(environment);

    environment.lifecycle().addServerLifecycleListener(server -> LOG.info(
        "zot {} serving the OCI Distribution API on {} (admin on {})", version(),
        address(server, "application"), address(server, "admin")));
    environment.lifecycle().manage(new Managed() {
      @Override
      public void stop() throws Exception {
        tasks.stop();
        StoreOpener.close(store);
        StoreOpener.unlockRoots(storage);
        LOG.info("zot stopped: in-flight requests finished, storage closed");
      }
    });
    return store;
  }

  private static String address(org.eclipse.jetty.server.Server server, String name) {
    for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
      if (name.equals(connector.getName())
          && connector instanceof org.eclipse.jetty.server.NetworkConnector network) {
        return (network.getHost() == null ? "0.0.0.0" : network.getHost()) + ":"
            + network.getLocalPort();
      }
    }
    return "(none)";
  }

  static String version() {
    String version = RegistryWiring.class.getPackage().getImplementationVersion();
    return version == null ? "(development build)" : version;
  }
}

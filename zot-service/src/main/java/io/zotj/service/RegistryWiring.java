package io.zotj.service;

import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.zotj.service.api.ApiVersionFilter;
import io.zotj.service.api.ErrorResponses;
import io.zotj.service.api.V2Resource;
import io.zotj.service.auth.Authorizer;
import io.zotj.service.auth.Security;
import io.zotj.service.config.StorageConfig;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.health.StorageHealthCheck;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.store.RegistryStore;
import io.zotj.spi.storage.StorageContext;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageDriverFactory;
import java.time.Duration;
import org.glassfish.jersey.server.ServerProperties;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the registry's parts from the configuration and registers them with Dropwizard. */
final class RegistryWiring {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryWiring.class);

  /** How often abandoned upload sessions are looked for. */
  static final Duration UPLOAD_SWEEP_EVERY = Duration.ofMinutes(10);

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
    Map<String, Object> driverSettings = storage.storageDriver();
    String driverName = String.valueOf(driverSettings.getOrDefault("name", "local"));
    StorageDriverFactory factory = plugins.requireStorageDriver(driverName);
    StorageDriver driver = factory.open(
        new StorageContext(storage.rootDirectory(), storage.commit(), driverSettings));
    RegistryStore store = new RegistryStore(driver);
    LOG.info("Storage: {} driver at {} (commit {})", driver.name(), storage.rootDirectory(),
        storage.commit() ? "on: every write synced" : "off");

    // Locations stay relative, as clients resolve them, so the registry works behind a proxy.
    environment.jersey().property(
        ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
    Authorizer authorizer = Security.install(config, environment);
    environment.jersey().register(new V2Resource(store, authorizer));
    environment.jersey().register(new ErrorResponses());
    environment.jersey().register(new ApiVersionFilter());
    environment.healthChecks().register("storage",
        new StorageHealthCheck(store, storage.rootDirectory().toString()));

    Duration idle = storage.gcDelay();
    ScheduledExecutorService sweeper = environment.lifecycle()
        .scheduledExecutorService("upload-expiry").threads(1).build();
    sweeper.scheduleWithFixedDelay(() -> expireUploads(store, idle),
        UPLOAD_SWEEP_EVERY.toSeconds(), UPLOAD_SWEEP_EVERY.toSeconds(), TimeUnit.SECONDS);
    environment.lifecycle().addServerLifecycleListener(server -> LOG.info(
        "zot {} serving the OCI Distribution API on {} (admin on {})", version(),
        address(server, "application"), address(server, "admin")));
    environment.lifecycle().manage(new Managed() {
      @Override
      public void stop() throws Exception {
        driver.close();
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

  private static void expireUploads(RegistryStore store, Duration idle) {
    try {
      store.expireUploads(idle);
    } catch (Exception e) {
      LOG.error("Expiring abandoned upload sessions failed", e);
    }
  }
}

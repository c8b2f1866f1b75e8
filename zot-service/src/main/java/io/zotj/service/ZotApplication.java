package io.zotj.service;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.core.cli.CheckCommand;
import io.zotj.service.cli.ScrubCommand;
import io.zotj.service.cli.VerifyCommand;
import io.zotj.service.cli.ZotServerCommand;
import io.zotj.service.config.AmbiguousUriBundle;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.config.ZotConfigurationFactory;
import io.zotj.service.plugin.PluginRegistry;

/**
 * The registry's entry point: {@code java -jar zot-service.jar server [config]} serves the OCI
 * Distribution API; {@code verify config} checks a configuration file.
 */
public class ZotApplication extends Application<ZotConfiguration> {

  /** Plug-ins are looked up once per process: configuration checks and wiring share them. */
  private PluginRegistry plugins;

  public static void main(String[] args) throws Exception {
    new ZotApplication().run(args);
  }

  @Override
  public String getName() {
    return "zot";
  }

  @Override
  protected void addDefaultCommands(Bootstrap<ZotConfiguration> bootstrap) {
    bootstrap.addCommand(new ZotServerCommand(this));
    bootstrap.addCommand(new CheckCommand<>(this));
  }

  @Override
  public void initialize(Bootstrap<ZotConfiguration> bootstrap) {
    bootstrap.setConfigurationFactoryFactory(
        ZotConfigurationFactory.factoryFactory(this::plugins));
    bootstrap.addCommand(new VerifyCommand());
    // The embedded dedupe index generates code when it first opens: start that now, beside
    // the reading of the configuration and the start of Jersey, rather than after them.
    Thread warmUp = new Thread(() -> plugins().cacheDriver("embedded").ifPresent(
        io.zotj.spi.cache.CacheDriverFactory::prepare), "cache-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    bootstrap.addCommand(new ScrubCommand());
    bootstrap.addBundle(new AmbiguousUriBundle());
  }

  @Override
  public void run(ZotConfiguration config, Environment environment) throws Exception {
    RegistryWiring.install(config, environment, plugins());
  }

  private synchronized PluginRegistry plugins() {
    if (plugins == null) {
      plugins = PluginRegistry.load();
    }
    return plugins;
  }
}

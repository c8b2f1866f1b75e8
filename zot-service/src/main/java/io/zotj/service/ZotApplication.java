package io.zotj.service;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.zotj.service.cli.VerifyCommand;
import io.zotj.service.config.AmbiguousUriBundle;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.config.ZotConfigurationFactory;

/**
 * The registry's entry point: {@code java -jar zot-service.jar server [config]} serves the OCI
 * Distribution API; {@code verify config} checks a configuration file.
 */
public class ZotApplication extends Application<ZotConfiguration> {

  public static void main(String[] args) throws Exception {
    new ZotApplication().run(args);
  }

  @Override
  public String getName() {
    return "zot";
  }

  @Override
  public void initialize(Bootstrap<ZotConfiguration> bootstrap) {
    bootstrap.setConfigurationFactoryFactory(ZotConfigurationFactory.factoryFactory());
    bootstrap.addCommand(new VerifyCommand());
    bootstrap.addBundle(new AmbiguousUriBundle());
  }

  @Override
  public void run(ZotConfiguration config, Environment environment) throws Exception {
    RegistryWiring.install(config, environment);
  }
}

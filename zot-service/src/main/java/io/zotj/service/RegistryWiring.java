package io.zotj.service;

import io.dropwizard.core.setup.Environment;
import io.zotj.service.config.ZotConfiguration;

/** Builds the registry's parts from the configuration and registers them with Dropwizard. */
final class RegistryWiring {

  private RegistryWiring() {}

  static void install(ZotConfiguration config, Environment environment) {
    throw new UnsupportedOperationException("registry wiring lands with the API");
  }
}

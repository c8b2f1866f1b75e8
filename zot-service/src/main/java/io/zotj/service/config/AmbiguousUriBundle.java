package io.zotj.service.config;

import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Environment;

/**
 * Lets the servlet layer pass paths with encoded separators or dot segments ({@code %2F},
 * {@code %2e%2e}) on to the application, which rejects them with OCI errors. The connector's
 * {@link ServerDefaults#URI_COMPLIANCE} lets them through Jetty's parser; without this the
 * servlet handler would still answer them with its own HTML 400.
 */
public class AmbiguousUriBundle implements ConfiguredBundle<ZotConfiguration> {

  @Override
  public void run(ZotConfiguration configuration, Environment environment) {
    environment.getApplicationContext().getServletHandler().setDecodeAmbiguousURIs(true);
  }
}

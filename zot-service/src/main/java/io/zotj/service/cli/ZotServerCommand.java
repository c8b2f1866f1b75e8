package io.zotj.service.cli;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.plugin.PluginException;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command, with start-up refusals an operator can fix (a bad
 * configuration, a missing plug-in jar) printed as their message alone, not as a stack trace.
 */
public final class ZotServerCommand extends ServerCommand<ZotConfiguration> {

  public ZotServerCommand(Application<ZotConfiguration> application) {
    super(application);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof ConfigurationException || cause instanceof PluginException) {
        cli.getStdErr().println(cause.getMessage());
        return;
      }
      cause = cause.getCause();
    }
    super.onError(cli, namespace, e);
  }
}

package io.zotj.service.cli;

import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.zotj.service.config.ZotConfigurationException;
import java.io.PrintStream;
import java.io.PrintWriter;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code verify FILE}: reads a configuration file exactly as {@code server} would, prints one
 * line and exits 0 when it is usable; otherwise lists every problem and exits 1.
 */
public class VerifyCommand extends Command {

  private static final String FILE = "file";

  private final PrintStream out;

  /** Prints its success line to the {@code System.out} of the moment it runs. */
  public VerifyCommand() {
    this(null);
  }

  /** Prints its success line to {@code out} (problems go to the command line's stderr). */
  public VerifyCommand(PrintStream out) {
    super("verify", "Checks a zot configuration file (JSON or YAML) and reports every problem");
    this.out = out;
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument(FILE).nargs(1).help("the configuration file: *.json, *.yaml or *.yml");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    String file = namespace.<String>getList(FILE).get(0);
    verify(bootstrap, file);
    (out == null ? System.out : out).println(file + ": configuration is valid");
  }

  private static <T extends Configuration> void verify(Bootstrap<T> bootstrap, String file)
      throws Exception {
    ConfigurationFactory<T> factory = bootstrap.getConfigurationFactoryFactory().create(
        bootstrap.getApplication().getConfigurationClass(),
        bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw");
    factory.build(bootstrap.getConfigurationSourceProvider(), file);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    PrintWriter err = cli.getStdErr();
    if (e instanceof ZotConfigurationException problems) {
      int count = problems.problems().size();
      err.println(problems.source() + ": " + count + (count == 1 ? " problem" : " problems"));
      problems.problems().forEach(p -> err.println("  " + p));
    } else {
      err.println(namespace.getList(FILE) + ": " + e);
    }
    err.flush();
  }
}

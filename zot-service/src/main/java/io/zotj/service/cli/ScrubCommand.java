package io.zotj.service.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.zotj.service.StoreOpener;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.store.RegistryStore;
import io.zotj.service.store.Scrubber;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code scrub FILE}: checks every manifest and blob of the configuration's storage against its
 * digest and prints each damaged image in a table. It only reads, and refuses to run while a
 * server uses that storage (the periodic {@code extensions.scrub} does the same job online).
 *
 * <p>Exit status: 0 when every image is whole, 1 when scrub found damage or could not run (the
 * table and the last line of standard error say which).
 */
public class ScrubCommand extends ConfiguredCommand<ZotConfiguration> {

  private final PrintStream out;

  public ScrubCommand() {
    this(null);
  }

  /** Prints its table to {@code out} instead of the {@code System.out} of the moment. */
  public ScrubCommand(PrintStream out) {
    super("scrub", "Checks every image of the storage against its digests; changes nothing");
    this.out = out;
  }

  @Override
  protected void run(Bootstrap<ZotConfiguration> bootstrap, Namespace namespace,
      ZotConfiguration config) throws Exception {
    List<Path> locked = StoreOpener.lockedByAServer(config.storage());
    if (!locked.isEmpty()) {
      throw new IllegalStateException("a zot server is running on " + locked
          + ": stop it first, or enable extensions.scrub to scrub while serving");
    }
    RegistryStore store = StoreOpener.open(config.storage(), PluginRegistry.load(), false);
    try {
      Scrubber.Report report = new Scrubber(store).run();
      PrintStream table = out == null ? System.out : out;
      table.print(report.table());
      table.flush();
      if (!report.problems().isEmpty()) {
        throw new DamageFound(report.problems().size());
      }
    } finally {
      StoreOpener.close(store);
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    PrintWriter err = cli.getStdErr();
    if (e instanceof DamageFound damage) {
      err.println(damage.getMessage());
    } else {
      err.println("scrub could not run: " + e.getMessage());
    }
    err.flush();
  }

  /** Scrub ran and found damaged images: the command fails (exit status 1). */
  static final class DamageFound extends Exception {
    private static final long serialVersionUID = 1L;

    DamageFound(int images) {
      super("scrub found " + images + (images == 1 ? " damaged image" : " damaged images")
          + "; see the table above");
    }
  }
}

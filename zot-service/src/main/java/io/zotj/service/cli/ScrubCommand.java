package io.zotj.service.cli;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.zotj.service.StoreOpener;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.store.RegistryStore;
import io.zotj.service.store.Scrubber;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code scrub FILE}: checks every manifest and blob of the configuration's storage against its
 * digest and prints each damaged image in a table. It only reads, and refuses to run while a
 * server uses that storage (the periodic {@code extensions.scrub} does the same job online).
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
      (out == null ? System.out : out).print(report.table());
    } finally {
      StoreOpener.close(store);
    }
  }
}

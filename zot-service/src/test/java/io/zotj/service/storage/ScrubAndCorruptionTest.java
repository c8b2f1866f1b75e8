package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.zotj.service.ZotApplication;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A blob damaged on disk behind the registry's back: never served, reported by scrub. */
class ScrubAndCorruptionTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int cli(String... args) {
    ZotApplication application = new ZotApplication();
    Bootstrap<ZotConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    bootstrap.addCommand(new CheckCommand<>(application));
    PrintStream original = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      return new Cli(new JarLocation(ZotApplication.class), bootstrap, stdout, stderr)
          .run(args).isPresent() ? 1 : 0;
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void aCorruptedLayerIsNotServedAndScrubReportsItOnlyWhenNoServerRuns() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = new byte[400_000];
    new Random(5).nextBytes(layer);
    String manifest = oci.pushImage("scrub/app", "v1", layer);
    oci.pushImage("scrub/fine", "v1", new byte[] {1, 2, 3});
    String digest = Oci.sha256(layer);
    Path file = REGISTRY.root().resolve("scrub/app/blobs/sha256/" + digest.substring(7));
    // Pulled whole and right once, the blob is trusted while its file stays as it was; the
    // damage below changes the file (same size, new modification time) and is caught again.
    assertThat(oci.getBlob("scrub/app", digest).body()).isEqualTo(layer);
    Thread.sleep(50); // past the file system's timestamp granularity
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(1000);
      raf.write(layer[1000] ^ 0xff);
    }

    Throwable pull = null;
    try {
      var response = oci.getBlob("scrub/app", digest);
      assertThat(response.body()).isNotEqualTo(layer);
      assertThat(response.body().length).isLessThan(layer.length);
    } catch (java.io.IOException e) {
      pull = e; // the body broke off: also a failed pull
    }
    assertThat(pull == null || pull instanceof java.io.IOException).isTrue();

    String config = REGISTRY.folder().resolve("config.yaml").toString();
    assertThat(cli("scrub", config)).isEqualTo(1);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("a zot server is running");

    REGISTRY.stop();
    try {
      stdout.reset();
      stderr.reset();
      assertThat(cli("scrub", config)).as("scrub fails when it finds damage").isEqualTo(1);
      String table = stdout.toString(StandardCharsets.UTF_8);
      assertThat(table).contains("REPOSITORY").contains("scrub/app").contains(manifest)
          .contains("blob " + digest + " does not match its digest")
          .contains("1 damaged").doesNotContain("scrub/fine ");
      assertThat(stderr.toString(StandardCharsets.UTF_8))
          .contains("scrub found 1 damaged image");

      // repaired (the right bytes back), the same store scrubs clean and the command succeeds
      java.nio.file.Files.write(file, layer);
      stdout.reset();
      stderr.reset();
      assertThat(cli("scrub", config)).as("scrub succeeds on a whole store").isZero();
      assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("0 damaged")
          .doesNotContain("scrub/app ");
      assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
    } finally {
      REGISTRY.start();
    }
  }
}

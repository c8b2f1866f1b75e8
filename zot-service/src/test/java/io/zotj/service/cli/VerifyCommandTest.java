package io.zotj.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.zotj.service.ZotApplication;
import io.zotj.service.config.ZotConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code verify} in-process through Dropwizard's command line, as the jar's main does. */
class VerifyCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  /** The exit status {@code java -jar zot-service.jar} would end with: 0 or 1. */
  private int run(String... args) {
    ZotApplication application = new ZotApplication();
    Bootstrap<ZotConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    bootstrap.addCommand(new CheckCommand<>(application));
    PrintStream original = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      Optional<Throwable> failure = new Cli(new JarLocation(ZotApplication.class), bootstrap,
          stdout, stderr).run(args);
      return failure.isPresent() ? 1 : 0;
    } finally {
      System.setOut(original);
    }
  }

  private String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsOneLineAndSucceedsForAValidFile() throws Exception {
    Path file = Files.writeString(dir.resolve("config.yml"), """
        distSpecVersion: 1.1.1
        storage:
          rootDirectory: /tmp/zot
        http:
          address: 127.0.0.1
          port: 8080
        log:
          level: debug
        """);

    assertThat(run("verify", file.toString())).isZero();
    // log lines of other commands run in this JVM may share stdout; ours is exactly one line
    assertThat(out().lines().filter(l -> !l.startsWith("INFO ")))
        .containsExactly(file + ": configuration is valid");
    assertThat(err()).isEmpty();
  }

  @Test
  void listsEveryProblemAndFailsForAnInvalidFile() throws Exception {
    Path file = Files.writeString(dir.resolve("config.json"), """
        {
        \t"storage": {"rootDirectory": "/tmp/zot", "gcDelay": "an hour"},
        \t"http": {"adress": "127.0.0.1", "port": "eighty"},
        \t"http2": {},
        \t"http ": {"auth": {"ldap": {"bindPassword": "s3cr3t-ldap"}}}
        }
        """);

    assertThat(run("verify", file.toString())).isEqualTo(1);
    assertThat(out()).doesNotContain("configuration is valid");
    assertThat(err().lines()).containsExactly(
        file + ": 5 problems",
        "  storage.gcDelay: 'an hour' is not a duration: write a number and a unit (ns, us,"
            + " ms, s, m, h), e.g. 90s or 1h30m",
        "  http.adress: unknown key; did you mean 'address'?",
        "  http.port: 'eighty' is not a whole number",
        "  http2: unknown key; did you mean 'http'?",
        "  http : unknown key; did you mean 'http'?");
    assertThat(err()).doesNotContain("s3cr3t-ldap");
  }

  @Test
  void failsForAMissingFile() {
    assertThat(run("verify", dir.resolve("absent.yaml").toString())).isEqualTo(1);
    assertThat(err()).contains("absent.yaml: 1 problem")
        .contains("cannot read the file: it does not exist");
  }

  @Test
  void failsForAnUnreadableFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.yaml"));

    assertThat(run("verify", folder.toString())).isEqualTo(1);
    assertThat(err()).contains("folder.yaml: 1 problem").contains("cannot read the file");
  }

  @Test
  void failsForAFileThatIsNotJson() throws Exception {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"storage\": ");

    assertThat(run("verify", file.toString())).isEqualTo(1);
    assertThat(err()).contains("not valid JSON");
  }

  @Test
  void reportsFeaturesThisBuildCannotServe() throws Exception {
    Path file = Files.writeString(dir.resolve("config.yaml"), """
        storage:
          rootDirectory: /tmp/zot
        extensions:
          metrics:
            enable: true
        """);

    assertThat(run("verify", file.toString())).isEqualTo(1);
    assertThat(err()).contains("extensions.metrics: extension 'metrics' is configured but its"
        + " plug-in jar zot-ext-metrics.jar is not installed");
  }

  @Test
  void aConfiguredCommandWithoutAFileReadsTheEmbeddedDefault() {
    assertThat(run("check")).isZero();
    assertThat(err()).isEmpty();
  }

  @Test
  void aConfiguredCommandReportsTheSameProblemsAsVerify() throws Exception {
    Path file = Files.writeString(dir.resolve("config.yaml"), "storage:\n  rootDirectori: /x\n");

    assertThat(run("check", file.toString())).isEqualTo(1);
    assertThat(run("verify", file.toString())).isEqualTo(1);
    assertThat(err()).contains("storage.rootDirectori: unknown key; did you mean"
        + " 'rootDirectory'?");
  }

  @Test
  void requiresAFileArgument() {
    assertThat(run("verify")).isEqualTo(1);
  }
}

package io.zotj.service.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client as a child process with its own HOME and XDG folders under a test's
 * temporary folder, so no state of the machine's user leaks in or out, and a time limit.
 */
final class Processes {

  /** What a finished process left: its exit code and both output streams. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {

    /** The standard output, or an assertion error that shows the whole run. */
    String ok() {
      if (exitCode != 0) {
        throw new AssertionError(describe());
      }
      return stdout;
    }

    String describe() {
      return String.join(" ", command) + "\nexit " + exitCode + "\nstdout:\n" + stdout
          + "\nstderr:\n" + stderr;
    }
  }

  private final Path home;
  private final Duration timeout;

  /** Clients run with HOME and XDG folders below {@code home}. */
  Processes(Path home, Duration timeout) {
    this.home = home;
    this.timeout = timeout;
  }

  Result run(String... command) {
    return run(List.of(command));
  }

  Result run(List<String> command) {
    try {
      Path logs = Files.createTempDirectory(Files.createDirectories(home), "run-");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(logs.resolve("stdout").toFile())
          .redirectError(logs.resolve("stderr").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      environment(builder.environment());
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish within "
            + timeout + "\nstderr:\n" + Files.readString(logs.resolve("stderr")));
      }
      return new Result(List.copyOf(command), process.exitValue(),
          Files.readString(logs.resolve("stdout")), Files.readString(logs.resolve("stderr")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  private void environment(Map<String, String> env) throws IOException {
    List<String> keep = new ArrayList<>(List.of("PATH", "LANG", "TZ"));
    env.keySet().retainAll(keep);
    env.put("HOME", mkdirs("home"));
    env.put("XDG_CONFIG_HOME", mkdirs("config"));
    env.put("XDG_DATA_HOME", mkdirs("data"));
    env.put("XDG_CACHE_HOME", mkdirs("cache"));
    env.put("XDG_RUNTIME_DIR", mkdirs("run"));
    env.put("TMPDIR", mkdirs("tmp"));
  }

  private String mkdirs(String name) throws IOException {
    return Files.createDirectories(home.resolve(name)).toString();
  }

  static void deleteTree(Path path) {
    io.zotj.service.testing.TestRegistry.deleteTree(path);
  }
}

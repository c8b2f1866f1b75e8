package io.zotj.service.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged {@code zot-service.jar} run as a separate JVM, as operators run it. */
final class ServiceProcess implements AutoCloseable {

  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  ServiceProcess(Path config, Path log, int port) {
    this.config = config;
    this.log = log;
    this.port = port;
  }

  static Path jar() {
    String jar = System.getProperty("zot.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("run with -Dzot.jar=<zot-service.jar> (failsafe sets it)");
    }
    return Path.of(jar);
  }

  /** Runs {@code java -jar zot-service.jar args...} to completion and returns exit and output. */
  static Result run(Duration timeout, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
  }

  record Result(int exit, String output) {}

  /** Starts the service and waits until {@code /v2/} answers. */
  void start() throws Exception {
    process = new ProcessBuilder(javaBin(), "-Xmx256m", "-jar", jar().toString(), "server",
        config.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri().resolve("/v2/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the service did not answer within 60 s");
  }

  /** SIGTERM, as an orchestrator stops a service; returns the exit code. */
  int terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the service did not stop within " + within);
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}

package io.zotj.service.clients;

import io.zotj.service.testing.ServiceConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code zot-service.jar} as a separate JVM with a given plug-in folder, on free
 * loopback ports; for tests of what plug-in jars change.
 */
final class ZotProcess implements AutoCloseable {

  private final Process process;
  private final Path root;
  private final Path log;
  private final int port;
  private final int adminPort;

  private ZotProcess(Process process, Path root, Path log, int port, int adminPort) {
    this.process = process;
    this.root = root;
    this.log = log;
    this.port = port;
    this.adminPort = adminPort;
  }

  /**
   * Starts the service on a fresh storage root below {@code dir} and waits until {@code /v2/}
   * answers.
   *
   * @param extraYaml zot configuration appended to the generated file ({@code extensions: ...})
   */
  static ZotProcess start(Path dir, Path plugins, String extraYaml) throws Exception {
    ServiceConfig written = ServiceConfig.write(dir, "", extraYaml);
    Path config = written.file();
    Path root = dir.resolve("storage");
    int port = written.port();
    int adminPort = written.adminPort();
    Path log = dir.resolve("service.log");
    Process process = new ProcessBuilder(java(), "-Xmx256m", "-Dzot.plugins=" + plugins, "-jar",
        jar().toString(), "server", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ZotProcess zot = new ZotProcess(process, root, log, port, adminPort);
    zot.awaitReady();
    return zot;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited: " + Files.readString(log));
      }
      try {
        int status = MetricsIT.get(uri("/v2/"));
        if (status == 200 || status == 401) { // 401: up, and asking for a login
          return;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("the service did not answer within 60 s");
  }

  static Path jar() {
    String jar = System.getProperty("zot.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("run with -Dzot.jar=<zot-service.jar> (failsafe sets it)");
    }
    return Path.of(jar);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  String hostPort() {
    return "127.0.0.1:" + port;
  }

  URI uri(String path) {
    return URI.create("http://" + hostPort() + path);
  }

  URI adminUri(String path) {
    return URI.create("http://127.0.0.1:" + adminPort + path);
  }

  Path root() {
    return root;
  }

  /** Stops the service as an operator would (SIGTERM), forcibly after 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

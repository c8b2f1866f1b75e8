package io.zotj.service.testing;

import io.dropwizard.testing.DropwizardTestSupport;
import io.zotj.service.ZotApplication;
import io.zotj.service.config.ZotConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real application on a free port with a fresh storage root, for one test class:
 * {@code @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();}.
 *
 * <p>Extra configuration (YAML, zot's keys) can be passed to the constructor; it is appended to
 * the generated file, which sets the storage root and the listening ports.
 */
public final class TestRegistry implements BeforeAllCallback, AfterAllCallback {

  private final String extraYaml;
  private String storageYaml = "";
  private final Function<Path, String> zotConfig;
  private Path dir;
  private Path root;
  private DropwizardTestSupport<ZotConfiguration> support;

  public TestRegistry() {
    this("");
  }

  public TestRegistry(String extraYaml) {
    this.extraYaml = extraYaml;
    this.zotConfig = null;
  }

  private TestRegistry(Function<Path, String> zotConfig) {
    this.extraYaml = "";
    this.zotConfig = zotConfig;
  }

  /**
   * A registry configured by a whole zot-style file, without Dropwizard sections, so the
   * server is derived from {@code http} (TLS included) as in production. The function gets the
   * test's folder (storage goes in {@code <dir>/storage}, see {@link #root()}) and returns the
   * file's YAML or JSON; it should set {@code http.address: 127.0.0.1} and {@code port: 0}.
   */
  public static TestRegistry zot(Function<Path, String> config) {
    return new TestRegistry(config);
  }

  /**
   * A registry whose {@code storage} section also has {@code storageYaml} (keys at column 0,
   * such as {@code "gcDelay: 2s"}); {@code %ROOT%} in it stands for the test's folder.
   */
  public static TestRegistry withStorage(String storageYaml, String extraYaml) {
    TestRegistry registry = new TestRegistry(extraYaml);
    registry.storageYaml = storageYaml;
    return registry;
  }

  /**
   * Replaces the extra keys of the {@code storage} section (as {@link #withStorage}) for the
   * next {@link #start()}: a restart with changed settings on the same storage root.
   */
  public void storage(String storageYaml) {
    this.storageYaml = storageYaml;
  }

  /** The test's folder, which holds the storage root and room for others (subPaths). */
  public Path folder() {
    return dir();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
    deleteTree(dir);
  }

  /** Starts the application (again, on the same storage root after {@link #stop()}). */
  public void start() throws Exception {
    if (dir == null) {
      dir = Files.createTempDirectory("zot-test-");
      root = dir.resolve("storage");
    }
    Path config = dir.resolve("config.yaml");
    if (zotConfig != null) {
      Files.writeString(config, zotConfig.apply(dir));
    } else {
      String storage = storageYaml.replace("%ROOT%", dir.toString()).lines()
          .map(line -> "  " + line + "\n").reduce("", String::concat);
      Files.writeString(config, configYaml(root).replaceFirst("\n", "\n"
          + storage.replace("$", "\\$")) + extraYaml);
    }
    support = new DropwizardTestSupport<>(ZotApplication.class, config.toString());
    support.before();
  }

  /** Stops the application; the storage root stays. */
  public void stop() {
    if (support != null) {
      support.after();
      support = null;
    }
  }

  /** Base URI of the API, e.g. {@code http://127.0.0.1:40123} (https with http.tls). */
  public URI uri() {
    String scheme = configuration().http().tls().isPresent() ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + support.getLocalPort());
  }

  /** The test's folder: the configuration file and the storage root are in it. */
  public Path dir() {
    return dir;
  }

  /** The running application's environment (metrics, health checks). */
  public io.dropwizard.core.setup.Environment environment() {
    return support.getEnvironment();
  }

  /** {@code 127.0.0.1:<port>}, as clients name a registry. */
  public String hostPort() {
    return "127.0.0.1:" + support.getLocalPort();
  }

  public URI adminUri() {
    return URI.create("http://127.0.0.1:" + support.getAdminPort());
  }

  /** The storage root directory. */
  public Path root() {
    return root;
  }

  public ZotConfiguration configuration() {
    return support.getConfiguration();
  }

  static String configYaml(Path root) {
    return """
        storage:
          rootDirectory: "%s"
        http:
          address: 127.0.0.1
          port: 0
        log:
          level: info
        """.formatted(root);
  }

  /** Deletes a folder and everything in it; a missing path is fine. */
  public static void deleteTree(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

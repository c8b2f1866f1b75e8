package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.zotj.service.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes configuration files into a test's folder and reads them as the service does. */
final class ConfigFiles {

  private final Path dir;
  private final java.util.function.Supplier<PluginRegistry> plugins;

  ConfigFiles(Path dir) {
    this(dir, () -> PluginRegistry.load(dir.resolve("plugins")));
  }

  /** Reads with exactly these plug-ins. */
  ConfigFiles(Path dir, java.util.function.Supplier<PluginRegistry> plugins) {
    this.dir = dir;
    this.plugins = plugins;
  }

  ZotConfigurationFactory<ZotConfiguration> factory() {
    return new ZotConfigurationFactory<>(ZotConfiguration.class, Validators.newValidator(),
        Jackson.newObjectMapper(), "dw", plugins);
  }

  Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  ZotConfiguration load(String name, String content) throws Exception {
    Path file = write(name, content);
    return factory().build(new FileConfigurationSourceProvider(), file.toString());
  }

  /** The problems reading the file reports, as "path: reason" lines; fails if it loads. */
  List<String> problems(String name, String content) throws Exception {
    Path file = write(name, content);
    List<String>[] lines = new List[1];
    assertThatThrownBy(() -> factory().build(new FileConfigurationSourceProvider(),
        file.toString()))
        .isInstanceOfSatisfying(ZotConfigurationException.class,
            e -> lines[0] = e.problems().stream().map(ConfigProblem::toString).toList());
    return lines[0];
  }

  /** JSON as zot's own files are written: indented with TABs. */
  static String tabs(String json) {
    return json.lines()
        .map(line -> {
          int spaces = 0;
          while (spaces < line.length() && line.charAt(spaces) == ' ') {
            spaces++;
          }
          return "\t".repeat(spaces / 2) + line.substring(spaces);
        })
        .reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
  }

  /** A minimal valid file's storage section, for tests about other sections. */
  static String minimalYaml(String dir) {
    return "storage:\n  rootDirectory: " + dir + "\n";
  }
}

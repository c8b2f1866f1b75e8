package io.zotj.service.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationFactoryFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.zotj.service.plugin.PluginRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Reads a zot configuration file as zot does: JSON or YAML by extension, keys without regard to
 * case, values coerced, Go durations; then checks types, values and whether this build can serve
 * the features the file turns on, and reports every problem at once in a
 * {@link ZotConfigurationException}. With no file it reads the embedded default,
 * {@value #DEFAULT_RESOURCE}. Both {@code server} and {@code verify} read through here.
 */
public class ZotConfigurationFactory<T extends ZotConfiguration>
    implements ConfigurationFactory<T> {

  /** The configuration used by {@code server} when no file is given. */
  public static final String DEFAULT_RESOURCE = "/io/zotj/service/config/zot-default.yaml";

  static final String DEFAULT_SOURCE = "embedded default configuration";

  private final Class<T> klass;
  private final Validator validator;
  private final ObjectMapper mapper;
  private final String propertyPrefix;
  private final Supplier<PluginRegistry> plugins;

  public ZotConfigurationFactory(Class<T> klass, Validator validator, ObjectMapper mapper,
      String propertyPrefix, Supplier<PluginRegistry> plugins) {
    this.klass = klass;
    this.validator = validator;
    this.mapper = mapper.copy().registerModule(GoDurationDeserializer.module());
    this.propertyPrefix = propertyPrefix.endsWith(".") ? propertyPrefix : propertyPrefix + ".";
    this.plugins = plugins;
  }

  /** What {@code Bootstrap.setConfigurationFactoryFactory} takes; plug-ins from the default. */
  public static <T extends ZotConfiguration> ConfigurationFactoryFactory<T> factoryFactory() {
    return factoryFactory(PluginRegistry::load);
  }

  /** As {@link #factoryFactory()}, with the plug-ins {@code plugins} gives. */
  public static <T extends ZotConfiguration> ConfigurationFactoryFactory<T> factoryFactory(
      Supplier<PluginRegistry> plugins) {
    return (klass, validator, mapper, prefix) ->
        new ZotConfigurationFactory<>(klass, validator, mapper, prefix, plugins);
  }

  @Override
  public T build(ConfigurationSourceProvider provider, String path)
      throws IOException, ConfigurationException {
    byte[] content;
    try (InputStream in = provider.open(path)) {
      content = in.readAllBytes();
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw single(path, "cannot read the file: it does not exist");
    } catch (IOException e) {
      throw single(path, "cannot read the file: " + e.getMessage());
    }
    return build(path, content);
  }

  @Override
  public T build() throws IOException, ConfigurationException {
    try (InputStream in = ZotConfigurationFactory.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IOException("resource " + DEFAULT_RESOURCE + " is missing from the jar");
      }
      return load(DEFAULT_SOURCE, parse(DEFAULT_SOURCE, "default.yaml", in.readAllBytes()));
    }
  }

  /** Reads a file's content; {@code name} picks the format by its extension. */
  public T build(String name, byte[] content) throws ConfigurationException {
    return load(name, parse(name, name, content));
  }

  private JsonNode parse(String source, String name, byte[] content)
      throws ZotConfigurationException {
    String lower = name.toLowerCase(Locale.ROOT);
    ObjectMapper parser;
    if (lower.endsWith(".json")) {
      parser = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return parseYaml(source, content);
    } else {
      throw single(source, "cannot tell the format: name the file *.json, *.yaml or *.yml");
    }
    try {
      JsonNode tree = parser.readTree(content);
      return tree == null || tree.isMissingNode() || tree.isNull()
          ? JsonNodeFactory.instance.objectNode() : tree;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : "line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ": ";
      throw single(source, "not valid " + (lower.endsWith(".json") ? "JSON" : "YAML") + ": "
          + where + DropwizardSectionReader.maskValues(e.getOriginalMessage()));
    } catch (IOException e) {
      throw single(source, "cannot parse: " + e.getMessage());
    }
  }

  /**
   * YAML through SnakeYAML's safe loader, which resolves anchors and aliases to their values
   * (Jackson's YAML tree reader would give an alias's name), refuses duplicate keys and a
   * second document, and bounds alias expansion.
   */
  private static JsonNode parseYaml(String source, byte[] content)
      throws ZotConfigurationException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    try {
      Object document = new Yaml(new SafeConstructor(options))
          .load(new String(content, java.nio.charset.StandardCharsets.UTF_8));
      JsonNode tree = document == null ? null : JsonMapper.builder().build().valueToTree(document);
      return tree == null || tree.isNull() ? JsonNodeFactory.instance.objectNode() : tree;
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null ? "" : "line " + (e.getProblemMark().getLine() + 1)
          + ", column " + (e.getProblemMark().getColumn() + 1) + ": ";
      throw single(source, "not valid YAML: " + where
          + DropwizardSectionReader.maskValues(String.valueOf(e.getProblem())));
    } catch (YAMLException | IllegalArgumentException e) {
      throw single(source, "not valid YAML: "
          + DropwizardSectionReader.maskValues(String.valueOf(e.getMessage())));
    }
  }

  private T load(String source, JsonNode tree) throws ZotConfigurationException {
    List<ConfigProblem> problems = new ArrayList<>();
    if (!tree.isObject()) {
      throw single(source, "the file must hold a section of keys at the top");
    }
    applyOverrides((ObjectNode) tree, System.getProperties());
    JavaType type = mapper.constructType(klass);
    TreeChecker checker = new TreeChecker(mapper, new DropwizardSectionReader(mapper, problems),
        problems);
    JsonNode checked = checker.check(tree, type, "");
    T config;
    try {
      // strict here too: a key the checker let through but the classes lack is a bug to see
      config = mapper.readerFor(klass).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(checked);
    } catch (IOException e) {
      problems.add(new ConfigProblem("", DropwizardSectionReader.maskValues(e.getMessage())));
      throw new ZotConfigurationException(source, problems);
    }
    for (ConstraintViolation<T> violation : validator.validate(config)) {
      problems.add(new ConfigProblem(pathOf(violation.getPropertyPath()),
          violation.getMessage()));
    }
    // derived after validation: a bad http.port is reported once, under http
    JsonNode server = checked.get("server");
    if (server == null || isDefaultServer(server)) {
      config.setServerFactory(derivedServer(config, server, source, problems));
    }
    if (!checked.has("logging")) {
      config.setLoggingFactory(ServerDefaults.logging(config.log()));
    }
    new ConfigChecks(problems).check(config);
    new FeatureGate(plugins.get(), problems).check(config);
    if (!problems.isEmpty()) {
      throw new ZotConfigurationException(source, List.copyOf(new LinkedHashSet<>(problems)));
    }
    return config;
  }

  /**
   * The server as it follows from {@code http} and {@code log}, with whatever keys a default-type
   * {@code server} section gives laid over it: an operator who sets only the admin connectors
   * keeps the application connector on http.address:http.port, and gzip and the request log
   * stay as derived unless named.
   */
  private DefaultServerFactory derivedServer(T config, JsonNode given, String source,
      List<ConfigProblem> problems) {
    DefaultServerFactory derived = ServerDefaults.server(config.http(), config.log());
    if (given == null) {
      return derived;
    }
    try {
      ObjectNode keys = ((ObjectNode) given).deepCopy();
      keys.remove("type");
      return mapper.readerForUpdating(derived).readValue(keys);
    } catch (IOException e) {
      problems.add(new ConfigProblem("server",
          DropwizardSectionReader.maskValues(e.getMessage())));
      return derived;
    }
  }

  /** A server section of Dropwizard's default type ({@code type} absent or "default"). */
  private static boolean isDefaultServer(JsonNode server) {
    JsonNode type = server.get("type");
    return server.isObject() && (type == null || "default".equals(type.asText()));
  }

  /** Applies {@code -Ddw.http.port=0}-style overrides, as Dropwizard's own factory does. */
  private void applyOverrides(ObjectNode tree, Properties properties) {
    for (Map.Entry<Object, Object> entry : properties.entrySet()) {
      String key = entry.getKey().toString();
      if (!key.startsWith(propertyPrefix)) {
        continue;
      }
      String[] parts = key.substring(propertyPrefix.length()).split("\\.");
      ObjectNode node = tree;
      for (int i = 0; i < parts.length - 1; i++) {
        String name = existing(node, parts[i]);
        JsonNode child = node.get(name);
        node = child instanceof ObjectNode o ? o : node.putObject(name);
      }
      node.put(existing(node, parts[parts.length - 1]), entry.getValue().toString());
    }
  }

  private static String existing(ObjectNode node, String name) {
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String present = it.next();
      if (present.equalsIgnoreCase(name)) {
        return present;
      }
    }
    return name;
  }

  private static String pathOf(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : path) {
      if (node.isInIterable()) {
        out.append(node.getIndex() != null ? "[" + node.getIndex() + "]"
            : "[\"" + node.getKey() + "\"]");
      }
      String name = node.getName();
      if (name != null && !name.startsWith("<")) {
        out.append(out.length() == 0 ? "" : ".").append(name);
      }
    }
    return out.toString();
  }

  private static ZotConfigurationException single(String source, String reason) {
    return new ZotConfigurationException(source, List.of(new ConfigProblem("", reason)));
  }
}

package io.zotj.service.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks a parsed configuration tree against the configuration classes and returns the tree with
 * canonical key names and zot's coercions applied, recording every unknown key and wrong type on
 * the way (never stopping at the first). Keys match without regard to case; values are coerced
 * as zot does ("true" for true, "5000" for 5000, 5000 for "5000", Go durations).
 */
final class TreeChecker {

  /** Checks one of Dropwizard's own sections, which Dropwizard's classes describe themselves. */
  interface SectionReader {
    JsonNode read(JsonNode node, JavaType type, String path);
  }

  private static final Set<String> TRUE = Set.of("1", "t", "true");
  private static final Set<String> FALSE = Set.of("0", "f", "false");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectMapper mapper;
  private final SectionReader dropwizardSections;
  private final List<ConfigProblem> problems;

  TreeChecker(ObjectMapper mapper, SectionReader dropwizardSections,
      List<ConfigProblem> problems) {
    this.mapper = mapper;
    this.dropwizardSections = dropwizardSections;
    this.problems = problems;
  }

  /** The checked tree, or {@code null} when the node cannot be used at all. */
  JsonNode check(JsonNode node, JavaType type, String path) {
    Class<?> raw = type.getRawClass();
    if (raw == Object.class) {
      return node;
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      return isScalar(raw) ? null : check(NODES.objectNode(), type, path);
    }
    if (raw == String.class || raw == Secret.class) {
      return text(node, path);
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return bool(node, path);
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      return integer(node, path, raw == int.class || raw == Integer.class);
    }
    if (raw == Duration.class) {
      return duration(node, path);
    }
    if (type.isMapLikeType()) {
      return map(node, type.getContentType(), path);
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return list(node, type.getContentType(), path);
    }
    return bean(node, type, path);
  }

  private static boolean isScalar(Class<?> raw) {
    return raw.isPrimitive() || raw == String.class || raw == Secret.class
        || raw == Boolean.class || raw == Integer.class || raw == Long.class
        || raw == Duration.class;
  }

  private JsonNode bean(JsonNode node, JavaType type, String path) {
    if (!node.isObject()) {
      return wrongKind(node, "a section of keys", path);
    }
    Map<String, BeanPropertyDefinition> known = properties(type);
    boolean globKeyed = type.getRawClass() == AccessControlConfig.class;
    ObjectNode out = NODES.objectNode();
    ObjectNode globs = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      BeanPropertyDefinition property = known.get(name.toLowerCase(Locale.ROOT));
      if (property == null && globKeyed) {
        JsonNode policy = check(field.getValue(),
            mapper.constructType(AccessControlConfig.RepositoryPolicy.class),
            ConfigPaths.mapKey(path, name));
        if (policy != null) {
          globs.set(name, policy);
        }
        continue;
      }
      if (property == null) {
        problems.add(new ConfigProblem(ConfigPaths.key(path, name), "unknown key"
            + KeySuggester.hint(name, known.values().stream()
                .map(BeanPropertyDefinition::getName).toList())));
        continue;
      }
      String canonical = property.getName();
      String childPath = ConfigPaths.key(path, canonical);
      if (out.has(canonical)) {
        problems.add(new ConfigProblem(childPath,
            "given twice (keys match without regard to case)"));
        continue;
      }
      JsonNode value = isDropwizard(property)
          ? dropwizardSections.read(field.getValue(), property.getPrimaryType(), childPath)
          : check(field.getValue(), property.getPrimaryType(), childPath);
      if (value != null) {
        out.set(canonical, value);
      }
    }
    if (!globs.isEmpty()) {
      ObjectNode repositories = out.has("repositories")
          ? (ObjectNode) out.get("repositories") : out.putObject("repositories");
      repositories.setAll(globs);
    }
    return out;
  }

  private Map<String, BeanPropertyDefinition> properties(JavaType type) {
    Map<String, BeanPropertyDefinition> byName = new LinkedHashMap<>();
    for (BeanPropertyDefinition p
        : mapper.getDeserializationConfig().introspect(type).findProperties()) {
      if (p.couldDeserialize()) {
        byName.put(p.getName().toLowerCase(Locale.ROOT), p);
      }
    }
    return byName;
  }

  private static boolean isDropwizard(BeanPropertyDefinition property) {
    return property.getPrimaryMember().getDeclaringClass().getName().startsWith("io.dropwizard.");
  }

  private JsonNode map(JsonNode node, JavaType valueType, String path) {
    if (!node.isObject()) {
      return wrongKind(node, "a section of keys", path);
    }
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode value = check(field.getValue(), valueType, ConfigPaths.mapKey(path, field.getKey()));
      if (value != null) {
        out.set(field.getKey(), value);
      }
    }
    return out;
  }

  private JsonNode list(JsonNode node, JavaType elementType, String path) {
    if (node.isObject()) {
      return wrongKind(node, "a list", path);
    }
    ArrayNode out = NODES.arrayNode();
    if (!node.isArray()) {
      // zot (mapstructure) reads a single value where a list is expected as a list of one
      JsonNode one = check(node, elementType, ConfigPaths.index(path, 0));
      return one == null ? null : out.add(one);
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode value = check(node.get(i), elementType, ConfigPaths.index(path, i));
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  private JsonNode text(JsonNode node, String path) {
    if (node.isTextual()) {
      return node;
    }
    if (node.isValueNode()) {
      return TextNode.valueOf(node.asText());
    }
    return wrongKind(node, "a string", path);
  }

  private JsonNode bool(JsonNode node, String path) {
    if (node.isBoolean()) {
      return node;
    }
    if (node.isIntegralNumber()) {
      return BooleanNode.valueOf(node.asLong() != 0);
    }
    if (node.isTextual()) {
      String value = node.asText().trim().toLowerCase(Locale.ROOT);
      if (TRUE.contains(value)) {
        return BooleanNode.TRUE;
      }
      if (FALSE.contains(value)) {
        return BooleanNode.FALSE;
      }
      return invalid(path, "'" + node.asText() + "' is not true or false");
    }
    return wrongKind(node, "true or false", path);
  }

  private JsonNode integer(JsonNode node, String path, boolean isInt) {
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble())) {
      value = (long) node.asDouble();
    } else if (node.isTextual()) {
      try {
        value = Long.parseLong(node.asText().trim());
      } catch (NumberFormatException e) {
        return invalid(path, "'" + node.asText() + "' is not a whole number");
      }
    } else if (node.isNumber()) {
      return invalid(path, node.asText() + " is not a whole number");
    } else {
      return wrongKind(node, "a whole number", path);
    }
    if (isInt && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
      return invalid(path, value + " is out of range");
    }
    return LongNode.valueOf(value);
  }

  private JsonNode duration(JsonNode node, String path) {
    Duration value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = GoDuration.ofNumber(node.asLong());
    } else if (node.isTextual()) {
      try {
        value = GoDuration.parse(node.asText());
      } catch (IllegalArgumentException e) {
        return invalid(path, e.getMessage());
      }
    } else {
      return wrongKind(node, "a duration such as 90s or 1h30m", path);
    }
    if (value.isNegative()) {
      return invalid(path, "must not be negative");
    }
    return TextNode.valueOf(value.toString());
  }

  private JsonNode wrongKind(JsonNode node, String expected, String path) {
    return invalid(path, "expected " + expected + ", got " + kind(node));
  }

  private JsonNode invalid(String path, String reason) {
    problems.add(new ConfigProblem(path, reason));
    return null;
  }

  private static String kind(JsonNode node) {
    if (node.isObject()) {
      return "a section of keys";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isBoolean()) {
      return "true/false";
    }
    if (node.isNumber()) {
      return "a number";
    }
    return "a string";
  }
}

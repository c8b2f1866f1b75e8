package io.zotj.service.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks Dropwizard's own sections ({@code server}, {@code logging}, {@code metrics}) with
 * Dropwizard's classes: every unknown key is collected through a problem handler, with a "did
 * you mean" from the keys the class knows; a wrong value ends that section's check.
 */
final class DropwizardSectionReader implements TreeChecker.SectionReader {

  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");

  private final ObjectMapper mapper;
  private final List<ConfigProblem> problems;

  DropwizardSectionReader(ObjectMapper mapper, List<ConfigProblem> problems) {
    this.mapper = mapper;
    this.problems = problems;
  }

  @Override
  public JsonNode read(JsonNode node, JavaType type, String path) {
    int before = problems.size();
    try {
      mapper.readerFor(type).withHandler(new Collector(path)).readValue(node);
    } catch (JsonMappingException e) {
      StringBuilder at = new StringBuilder(path);
      for (JsonMappingException.Reference ref : e.getPath()) {
        at.append(ref.getFieldName() != null ? "." + ref.getFieldName()
            : "[" + ref.getIndex() + "]");
      }
      problems.add(new ConfigProblem(at.toString(), maskValues(e.getOriginalMessage())));
    } catch (IOException e) {
      problems.add(new ConfigProblem(path, maskValues(e.getMessage())));
    }
    return problems.size() == before ? node : null;
  }

  /** The first line of a library message, with quoted values blanked so no secret leaks. */
  static String maskValues(String message) {
    String first = message == null ? "invalid value" : message.lines().findFirst().orElse("");
    return QUOTED.matcher(first).replaceAll("'...'");
  }

  /** Records unknown keys and lets reading go on. */
  private final class Collector extends DeserializationProblemHandler {
    private final String section;

    Collector(String section) {
      this.section = section;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
        JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName)
        throws IOException {
      String where = ConfigPaths.key(pathOf(p.getParsingContext()), propertyName);
      List<String> known = deserializer.getKnownPropertyNames() == null ? List.of()
          : deserializer.getKnownPropertyNames().stream().map(String::valueOf).toList();
      problems.add(new ConfigProblem(where, "unknown key"
          + KeySuggester.hint(propertyName, known)));
      p.skipChildren();
      return true;
    }

    private String pathOf(JsonStreamContext context) {
      Deque<String> parts = new ArrayDeque<>();
      for (JsonStreamContext c = context.getParent(); c != null; c = c.getParent()) {
        if (c.inObject() && c.getCurrentName() != null) {
          parts.push("." + c.getCurrentName());
        } else if (c.inArray()) {
          parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
        }
      }
      return section + String.join("", parts);
    }
  }
}

package io.zotj.service.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks Dropwizard's own sections ({@code server}, {@code logging}, {@code metrics}) with
 * Dropwizard's classes. Every unknown key is collected, with a "did you mean" from the keys the
 * class knows: each is removed from a copy of the section and the section read again. (A
 * problem handler cannot do this reliably: when Jackson buffers a section to find its
 * {@code type}, the contexts it reports lose their list positions.) A wrong value ends the
 * section's check.
 */
final class DropwizardSectionReader implements TreeChecker.SectionReader {

  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final int MAX_UNKNOWN_KEYS = 100;

  private final ObjectMapper mapper;
  private final List<ConfigProblem> problems;

  DropwizardSectionReader(ObjectMapper mapper, List<ConfigProblem> problems) {
    this.mapper = mapper;
    this.problems = problems;
  }

  @Override
  public JsonNode read(JsonNode node, JavaType type, String path) {
    int before = problems.size();
    JsonNode work = node.deepCopy();
    for (int attempt = 0; attempt < MAX_UNKNOWN_KEYS; attempt++) {
      try {
        mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(work);
        return problems.size() == before ? node : null;
      } catch (UnrecognizedPropertyException e) {
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
            : e.getKnownPropertyIds().stream().map(String::valueOf).toList();
        problems.add(new ConfigProblem(pathOf(path, e.getPath()), "unknown key"
            + KeySuggester.hint(e.getPropertyName(), known) + zotHint(path, e)));
        if (!remove(work, e.getPath())) {
          return null;
        }
      } catch (JsonMappingException e) {
        problems.add(new ConfigProblem(pathOf(path, e.getPath()),
            maskValues(e.getOriginalMessage())));
        return null;
      } catch (IOException e) {
        problems.add(new ConfigProblem(path, maskValues(e.getMessage())));
        return null;
      }
    }
    return null;
  }

  /** zot's reference shows its metrics extension as "metrics": that is Dropwizard's section. */
  private static String zotHint(String path, UnrecognizedPropertyException e) {
    boolean metricsExtensionKey = e.getPath().size() == 1
        && List.of("enable", "prometheus").contains(e.getPropertyName());
    return path.equals("metrics") && metricsExtensionKey
        ? " (top-level metrics is Dropwizard's; zot's metrics go under extensions.metrics)" : "";
  }

  /** The first line of a library message, with quoted values blanked so no secret leaks. */
  static String maskValues(String message) {
    String first = message == null ? "invalid value" : message.lines().findFirst().orElse("");
    return QUOTED.matcher(first).replaceAll("'...'");
  }

  private static String pathOf(String section, List<JsonMappingException.Reference> refs) {
    StringBuilder at = new StringBuilder(section);
    for (JsonMappingException.Reference ref : refs) {
      at.append(ref.getFieldName() != null ? "." + ref.getFieldName()
          : "[" + ref.getIndex() + "]");
    }
    return at.toString();
  }

  /** Removes the key at {@code refs} from {@code root}; false if it cannot be found. */
  private static boolean remove(JsonNode root, List<JsonMappingException.Reference> refs) {
    if (refs.isEmpty()) {
      return false;
    }
    JsonNode node = root;
    for (JsonMappingException.Reference ref : refs.subList(0, refs.size() - 1)) {
      node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
      if (node == null) {
        return false;
      }
    }
    String last = refs.get(refs.size() - 1).getFieldName();
    return node instanceof ObjectNode object && last != null && object.remove(last) != null;
  }
}

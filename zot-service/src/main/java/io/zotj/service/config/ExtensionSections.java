package io.zotj.service.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Hands an extension its configuration section: as a map of plain values (what
 * {@code ExtensionFactory.validate} and {@code ExtensionContext.settings()} see) and bound to the
 * extension's own type with the core's rules (unknown keys fail, Go durations).
 */
public final class ExtensionSections {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(GoDurationDeserializer.module().addSerializer(Duration.class, new GoWriter()))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ExtensionSections() {}

  /** The parsed section as plain values: maps, lists, strings, numbers, booleans. */
  public static Map<String, Object> toMap(ExtensionConfig section) {
    return MAPPER.convertValue(section, new TypeReference<Map<String, Object>>() {});
  }

  /**
   * Binds a section's values to an extension's type.
   *
   * @throws IllegalArgumentException naming the key that does not fit
   */
  public static <T> T bind(Map<String, Object> section, Class<T> type) {
    return MAPPER.convertValue(section, type);
  }

  /** Writes a duration back in Go's form, so that binding it again gives the same value. */
  private static final class GoWriter extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(value.getNano() == 0 ? value.getSeconds() + "s" : value.toNanos() + "ns");
    }
  }
}

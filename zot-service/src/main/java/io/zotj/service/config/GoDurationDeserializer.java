package io.zotj.service.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Reads a {@link Duration} written in Go syntax, ISO-8601, or as a number of nanoseconds. */
final class GoDurationDeserializer extends JsonDeserializer<Duration> {

  static SimpleModule module() {
    return new SimpleModule("zot-durations").addDeserializer(Duration.class,
        new GoDurationDeserializer());
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return GoDuration.ofNumber(p.getLongValue());
    }
    String text = p.getValueAsString();
    if (text == null) {
      return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
    }
    try {
      return text.startsWith("P") || text.startsWith("-P") ? Duration.parse(text)
          : GoDuration.parse(text);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
    }
  }
}

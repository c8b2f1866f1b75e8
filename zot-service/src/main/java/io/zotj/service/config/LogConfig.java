package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code log} section: level, output file and audit log. */
public class LogConfig {

  /** The levels zot accepts, most verbose first. */
  public static final List<String> LEVELS = List.of("debug", "info", "warn", "error");

  /** zot logs at debug when the file names no level. */
  public static final String DEFAULT_LEVEL = "debug";

  @JsonProperty private String level = DEFAULT_LEVEL;
  @JsonProperty private String output;
  @JsonProperty private String audit;

  /** The level, lower case. */
  public String level() {
    return level.toLowerCase(Locale.ROOT);
  }

  public boolean isDebug() {
    return level().equals("debug");
  }

  /** The log file; absent means stdout. */
  public Optional<String> output() {
    return Optional.ofNullable(output);
  }

  /** The audit log file. */
  public Optional<String> audit() {
    return Optional.ofNullable(audit);
  }
}

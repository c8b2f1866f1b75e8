package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole configuration file: zot's sections ({@code distSpecVersion}, {@code storage},
 * {@code http}, {@code log}, {@code extensions}, {@code scheduler}) plus Dropwizard's optional
 * {@code server}, {@code logging} and {@code metrics}, which otherwise follow from {@code http}
 * and {@code log}. Read it with {@link ZotConfigurationFactory}.
 */
public class ZotConfiguration extends Configuration {

  /** The OCI Distribution Specification version this registry serves. */
  public static final String DIST_SPEC_VERSION = "1.1.1";

  @JsonProperty private String distSpecVersion = DIST_SPEC_VERSION;
  @Valid @JsonProperty private StorageConfig storage = new StorageConfig();
  @Valid @JsonProperty private HttpConfig http = new HttpConfig();
  @Valid @JsonProperty private LogConfig log = new LogConfig();
  @Valid @JsonProperty private ExtensionsConfig extensions = new ExtensionsConfig();
  @Valid @JsonProperty private SchedulerConfig scheduler = new SchedulerConfig();

  public String distSpecVersion() {
    return distSpecVersion;
  }

  public StorageConfig storage() {
    return storage;
  }

  public HttpConfig http() {
    return http;
  }

  public LogConfig log() {
    return log;
  }

  public ExtensionsConfig extensions() {
    return extensions;
  }

  public SchedulerConfig scheduler() {
    return scheduler;
  }

  /** Lines to log once at startup about how storage is managed. */
  public List<String> startupNotices() {
    List<String> notices = new ArrayList<>();
    notices.add("Storage management: dedupe " + (storage.dedupe() ? "on" : "off") + ", gc "
        + (storage.gc() ? "on (delay " + storage.gcDelay() + ", "
            + storage.gcInterval().map(i -> "every " + i).orElse("after deletions") + ")"
            : "off"));
    return notices;
  }
}

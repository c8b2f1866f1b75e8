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

  /**
   * Lines to log once at startup about settings that are accepted but do not act yet (dedupe and
   * gc default to on, so they cannot fail startup the way other unbuilt features do).
   */
  public List<String> startupNotices() {
    List<String> notices = new ArrayList<>();
    if (storage.dedupe()) {
      notices.add("storage.dedupe is on but deduplication is not active yet");
    }
    if (storage.gc()) {
      notices.add("storage.gc is on but garbage collection is not active yet");
    }
    return notices;
  }
}

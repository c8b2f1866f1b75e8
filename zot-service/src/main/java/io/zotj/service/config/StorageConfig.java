package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code storage} section: where and how repositories are kept. */
public class StorageConfig {

  /** Where a first run with no configuration keeps its repositories. */
  public static final String DEFAULT_ROOT = "/var/lib/zot";

  @JsonProperty private String rootDirectory = DEFAULT_ROOT;
  @JsonProperty private boolean commit = false;
  @JsonProperty private boolean dedupe = true;
  @JsonProperty private boolean gc = true;
  @JsonProperty private Duration gcDelay = Duration.ofHours(1);
  @JsonProperty private Duration gcInterval;
  @JsonProperty private Map<String, Object> storageDriver = new LinkedHashMap<>();

  public Path rootDirectory() {
    return Path.of(rootDirectory);
  }

  public boolean commit() {
    return commit;
  }

  public boolean dedupe() {
    return dedupe;
  }

  public boolean gc() {
    return gc;
  }

  public Duration gcDelay() {
    return gcDelay;
  }

  public Optional<Duration> gcInterval() {
    return Optional.ofNullable(gcInterval);
  }

  /** The {@code storageDriver} section with lower-case keys; empty for the local driver. */
  public Map<String, Object> storageDriver() {
    return storageDriver;
  }

  /** Sets the root; for the embedded default configuration and tests. */
  public void setRootDirectory(String rootDirectory) {
    this.rootDirectory = rootDirectory;
  }
}

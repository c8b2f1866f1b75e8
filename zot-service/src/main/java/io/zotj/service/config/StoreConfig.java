package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The settings a store has, both the main {@code storage} section and each sub-path. */
public abstract class StoreConfig {

  @JsonProperty private String rootDirectory;
  @JsonProperty private boolean dedupe = true;
  @JsonProperty private boolean gc = true;
  @JsonProperty private Duration gcDelay = Duration.ofHours(1);
  @JsonProperty private Duration gcInterval;
  @JsonProperty private boolean remoteCache;
  private Map<String, Object> storageDriver = new MaskedSettings(Map.of());
  private Map<String, Object> cacheDriver = new MaskedSettings(Map.of());

  /** The root directory; {@code null} in a file that leaves it out (which fails validation). */
  public Path rootDirectory() {
    return rootDirectory == null ? null : Path.of(rootDirectory);
  }

  public boolean dedupe() {
    return dedupe;
  }

  public boolean gc() {
    return gc;
  }

  /** How old an unreferenced blob must be before GC removes it. */
  public Duration gcDelay() {
    return gcDelay;
  }

  /** How often GC runs in the background; absent: no periodic GC. */
  public Optional<Duration> gcInterval() {
    return Optional.ofNullable(gcInterval);
  }

  public boolean remoteCache() {
    return remoteCache;
  }

  /** The {@code storageDriver} section with lower-case keys; empty for the local driver. */
  public Map<String, Object> storageDriver() {
    return storageDriver;
  }

  /** The driver's name, lower case: {@code local} when the section is absent. */
  public String storageDriverName() {
    Object name = storageDriver.get("name");
    return name == null ? "local" : name.toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** The {@code cacheDriver} section with lower-case keys; empty when not configured. */
  public Map<String, Object> cacheDriver() {
    return cacheDriver;
  }

  /** Sets the root; for the embedded default configuration and tests. */
  public void setRootDirectory(String rootDirectory) {
    this.rootDirectory = rootDirectory;
  }

  String rawRootDirectory() {
    return rootDirectory;
  }

  @JsonProperty("storageDriver")
  void setStorageDriver(Map<String, Object> storageDriver) {
    this.storageDriver = new MaskedSettings(storageDriver);
  }

  @JsonProperty("cacheDriver")
  void setCacheDriver(Map<String, Object> cacheDriver) {
    this.cacheDriver = new MaskedSettings(cacheDriver);
  }
}

package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code storage} section: where and how repositories are kept. */
public class StorageConfig extends StoreConfig {

  /** Where a first run with no configuration file keeps its repositories (zot's example). */
  public static final String DEFAULT_ROOT = "/tmp/zot";

  @JsonProperty private boolean commit = false;
  @Valid @JsonProperty private Map<String, SubPathConfig> subPaths = new LinkedHashMap<>();
  @Valid @JsonProperty private RetentionConfig retention;

  /** Whether every write is synced to disk before it is acknowledged. */
  public boolean commit() {
    return commit;
  }

  /** Repository path prefix (such as {@code /a}) to the store that holds it, in file order. */
  public Map<String, SubPathConfig> subPaths() {
    return subPaths;
  }

  public Optional<RetentionConfig> retention() {
    return Optional.ofNullable(retention);
  }

  /** One store for the repositories under a path prefix. */
  public static class SubPathConfig extends StoreConfig {}
}

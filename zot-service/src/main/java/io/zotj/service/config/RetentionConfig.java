package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code storage.retention}: which images GC may delete (zot 2). */
public class RetentionConfig {

  @JsonProperty private boolean dryRun;
  @JsonProperty private Duration delay = Duration.ofHours(24);
  @Valid @JsonProperty private List<Policy> policies = List.of();

  public boolean dryRun() {
    return dryRun;
  }

  public Duration delay() {
    return delay;
  }

  public List<Policy> policies() {
    return policies;
  }

  /** The retention rules of some repositories. */
  public static class Policy {
    @JsonProperty private List<String> repositories = List.of();
    @JsonProperty private boolean deleteReferrers;
    @JsonProperty private boolean deleteUntagged = true;
    @Valid @JsonProperty private List<KeepTags> keepTags = List.of();

    public List<String> repositories() {
      return repositories;
    }

    public boolean deleteReferrers() {
      return deleteReferrers;
    }

    public boolean deleteUntagged() {
      return deleteUntagged;
    }

    public List<KeepTags> keepTags() {
      return keepTags;
    }
  }

  /** Tags kept by pattern, age and count. */
  public static class KeepTags {
    @JsonProperty private List<String> patterns = List.of();
    @JsonProperty private Duration pulledWithin;
    @JsonProperty private Duration pushedWithin;
    @PositiveOrZero @JsonProperty private Integer mostRecentlyPushedCount;
    @PositiveOrZero @JsonProperty private Integer mostRecentlyPulledCount;

    public List<String> patterns() {
      return patterns;
    }

    public Optional<Duration> pulledWithin() {
      return Optional.ofNullable(pulledWithin);
    }

    public Optional<Duration> pushedWithin() {
      return Optional.ofNullable(pushedWithin);
    }

    public Optional<Integer> mostRecentlyPushedCount() {
      return Optional.ofNullable(mostRecentlyPushedCount);
    }

    public Optional<Integer> mostRecentlyPulledCount() {
      return Optional.ofNullable(mostRecentlyPulledCount);
    }
  }
}

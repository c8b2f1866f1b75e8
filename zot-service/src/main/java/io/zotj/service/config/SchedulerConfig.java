package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Positive;
import java.util.Optional;

/** The {@code scheduler} section: how many background tasks run at once (zot 2). */
public class SchedulerConfig {

  @Positive @JsonProperty private Integer numWorkers;

  public Optional<Integer> numWorkers() {
    return Optional.ofNullable(numWorkers);
  }
}

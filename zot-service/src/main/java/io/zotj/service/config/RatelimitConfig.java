package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Optional;

/** {@code http.ratelimit}: requests per second, overall and per HTTP method (zot 2). */
public class RatelimitConfig {

  @Positive @JsonProperty private Integer rate;
  @Valid @JsonProperty private List<MethodRate> methods = List.of();

  public Optional<Integer> rate() {
    return Optional.ofNullable(rate);
  }

  public List<MethodRate> methods() {
    return methods;
  }

  /** The limit of one HTTP method. */
  public static class MethodRate {
    @JsonProperty private String method;
    @Positive @JsonProperty private int rate = 1;

    public Optional<String> method() {
      return Optional.ofNullable(method);
    }

    public int rate() {
      return rate;
    }
  }
}

package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What every extension section has: {@code enable}. As in zot, a section that is present but
 * says nothing about {@code enable} (even {@code "metrics": {}}) turns the extension on.
 */
public abstract class ExtensionConfig {

  @JsonProperty private Boolean enable;

  public boolean enabled() {
    return enable == null || enable;
  }
}

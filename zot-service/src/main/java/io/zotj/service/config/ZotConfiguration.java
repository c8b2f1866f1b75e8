package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;

/** The whole configuration file: zot's sections plus Dropwizard's optional own. */
public class ZotConfiguration extends Configuration {

  @JsonProperty private String distSpecVersion = "1.1.1";
  @JsonProperty private StorageConfig storage = new StorageConfig();
  @JsonProperty private HttpConfig http = new HttpConfig();

  public String distSpecVersion() {
    return distSpecVersion;
  }

  public StorageConfig storage() {
    return storage;
  }

  public HttpConfig http() {
    return http;
  }
}

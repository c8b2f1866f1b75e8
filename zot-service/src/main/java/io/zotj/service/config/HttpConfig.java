package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code http} section: where the API listens. */
public class HttpConfig {

  @JsonProperty private String address = "127.0.0.1";
  @JsonProperty private int port = 8080;
  @JsonProperty private String realm = "zot";

  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  public String realm() {
    return realm;
  }
}

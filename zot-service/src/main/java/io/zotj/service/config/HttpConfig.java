package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Optional;

/** The {@code http} section: where the API listens, and how it secures and shapes requests. */
public class HttpConfig {

  @JsonProperty private String address = "127.0.0.1";

  @Min(0)
  @Max(65535)
  @JsonProperty
  private int port = 8080;

  @JsonProperty private String realm = "zot";
  @Valid @JsonProperty private TlsConfig tls;
  @Valid @JsonProperty private AuthConfig auth;
  @Valid @JsonProperty private AccessControlConfig accessControl;
  @Valid @JsonProperty private RatelimitConfig ratelimit;
  @JsonProperty private String externalUrl;
  @JsonProperty private String allowOrigin;

  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  public String realm() {
    return realm;
  }

  public Optional<TlsConfig> tls() {
    return Optional.ofNullable(tls);
  }

  public Optional<AuthConfig> auth() {
    return Optional.ofNullable(auth);
  }

  public Optional<AccessControlConfig> accessControl() {
    return Optional.ofNullable(accessControl);
  }

  public Optional<RatelimitConfig> ratelimit() {
    return Optional.ofNullable(ratelimit);
  }

  public Optional<String> externalUrl() {
    return Optional.ofNullable(externalUrl);
  }

  public Optional<String> allowOrigin() {
    return Optional.ofNullable(allowOrigin);
  }

  /** Sets the port; for tests, which listen on port 0. */
  public void setPort(int port) {
    this.port = port;
  }
}

package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/** {@code http.tls}: the server's certificate and key, and a CA for client certificates. */
public class TlsConfig {

  @JsonProperty private String cert;
  @JsonProperty private String key;
  @JsonProperty private String cacert;

  public Optional<String> cert() {
    return Optional.ofNullable(cert);
  }

  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** A CA certificate; when set, clients must present a certificate it signed. */
  public Optional<String> cacert() {
    return Optional.ofNullable(cacert);
  }
}

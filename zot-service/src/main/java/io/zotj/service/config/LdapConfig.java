package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Optional;

/** {@code http.auth.ldap}: checking passwords against an LDAP directory. */
public class LdapConfig {

  @JsonProperty private String address;

  @Min(1)
  @Max(65535)
  @JsonProperty
  private int port = 389;

  @JsonProperty private boolean startTLS;
  @JsonProperty private String baseDN;
  @JsonProperty private String userAttribute;
  @JsonProperty private String userGroupAttribute;
  @JsonProperty private String bindDN;
  @JsonProperty private Secret bindPassword;
  @JsonProperty private String credentialsFile;
  @JsonProperty private boolean skipVerify;
  @JsonProperty private boolean subtreeSearch;
  @JsonProperty private boolean insecure;
  @JsonProperty private String caCert;

  public Optional<String> address() {
    return Optional.ofNullable(address);
  }

  public int port() {
    return port;
  }

  public boolean startTLS() {
    return startTLS;
  }

  public Optional<String> baseDN() {
    return Optional.ofNullable(baseDN);
  }

  public Optional<String> userAttribute() {
    return Optional.ofNullable(userAttribute);
  }

  public Optional<String> userGroupAttribute() {
    return Optional.ofNullable(userGroupAttribute);
  }

  public Optional<String> bindDN() {
    return Optional.ofNullable(bindDN);
  }

  public Optional<Secret> bindPassword() {
    return Optional.ofNullable(bindPassword);
  }

  /** A file holding bindDN and bindPassword, instead of writing them here (zot 2). */
  public Optional<String> credentialsFile() {
    return Optional.ofNullable(credentialsFile);
  }

  public boolean skipVerify() {
    return skipVerify;
  }

  public boolean subtreeSearch() {
    return subtreeSearch;
  }

  public boolean insecure() {
    return insecure;
  }

  public Optional<String> caCert() {
    return Optional.ofNullable(caCert);
  }
}

package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code http.auth}: how clients prove who they are. */
public class AuthConfig {

  @Valid @JsonProperty private HtpasswdConfig htpasswd;
  @Valid @JsonProperty private LdapConfig ldap;
  @Valid @JsonProperty private BearerConfig bearer;

  @PositiveOrZero
  @JsonProperty
  private int failDelay;

  @Valid @JsonProperty private OpenIdConfig openid;
  @JsonProperty private Boolean apikey;

  public Optional<HtpasswdConfig> htpasswd() {
    return Optional.ofNullable(htpasswd);
  }

  public Optional<LdapConfig> ldap() {
    return Optional.ofNullable(ldap);
  }

  public Optional<BearerConfig> bearer() {
    return Optional.ofNullable(bearer);
  }

  /** Seconds to wait before answering a failed authentication. */
  public int failDelay() {
    return failDelay;
  }

  public Optional<OpenIdConfig> openid() {
    return Optional.ofNullable(openid);
  }

  public boolean apikey() {
    return Boolean.TRUE.equals(apikey);
  }

  /** The names of the authentication methods this section turns on, in file order. */
  public List<String> methods() {
    Map<String, Boolean> on = new LinkedHashMap<>();
    on.put("htpasswd", htpasswd != null);
    on.put("ldap", ldap != null);
    on.put("bearer", bearer != null);
    on.put("openid", openid != null);
    on.put("apikey", apikey());
    return on.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
  }

  /** {@code http.auth.htpasswd}: a file of bcrypt-hashed passwords. */
  public static class HtpasswdConfig {
    @JsonProperty private String path;

    public Optional<String> path() {
      return Optional.ofNullable(path);
    }
  }

  /** {@code http.auth.bearer}: tokens issued by an external authorization server. */
  public static class BearerConfig {
    @JsonProperty private String realm;
    @JsonProperty private String service;
    @JsonProperty private String cert;

    public Optional<String> realm() {
      return Optional.ofNullable(realm);
    }

    public Optional<String> service() {
      return Optional.ofNullable(service);
    }

    public Optional<String> cert() {
      return Optional.ofNullable(cert);
    }
  }

  /** {@code http.auth.openid}: OpenID Connect providers by name (zot 2). */
  public static class OpenIdConfig {
    @Valid @JsonProperty private Map<String, ProviderConfig> providers = new LinkedHashMap<>();

    public Map<String, ProviderConfig> providers() {
      return providers;
    }
  }

  /** One OpenID Connect provider. */
  public static class ProviderConfig {
    @JsonProperty private String name;
    @JsonProperty private String issuer;
    @JsonProperty private String clientid;
    @JsonProperty private Secret clientsecret;
    @JsonProperty private String keypath;
    @JsonProperty private List<String> scopes = List.of();

    public Optional<String> name() {
      return Optional.ofNullable(name);
    }

    public Optional<String> issuer() {
      return Optional.ofNullable(issuer);
    }

    public Optional<String> clientid() {
      return Optional.ofNullable(clientid);
    }

    public Optional<Secret> clientsecret() {
      return Optional.ofNullable(clientsecret);
    }

    public Optional<String> keypath() {
      return Optional.ofNullable(keypath);
    }

    public List<String> scopes() {
      return scopes;
    }
  }
}

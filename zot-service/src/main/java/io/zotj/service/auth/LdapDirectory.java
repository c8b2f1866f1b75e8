package io.zotj.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import io.zotj.service.config.LdapConfig;
import io.zotj.service.tls.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Passwords checked against an LDAP directory: the user is searched for with the bind account
 * (over a small connection pool, optionally upgraded with StartTLS), then bound as, so the
 * directory checks the password. A directory that does not answer within a few seconds makes
 * the check unavailable rather than hanging the request.
 */
final class LdapDirectory implements PasswordSource, AutoCloseable {

  private static final int CONNECT_TIMEOUT_MS = 3_000;
  private static final long RESPONSE_TIMEOUT_MS = 5_000;
  private static final int POOL_SIZE = 4;
  /** After the directory failed to answer, checks fail at once for this long. */
  private static final long BACKOFF_NANOS = 10_000_000_000L;

  private final LdapConfig config;
  private final String baseDN;
  private final String userAttribute;
  private final String bindDN;
  private final String bindPassword;
  private volatile LDAPConnectionPool pool;
  private volatile long downUntil = System.nanoTime();

  LdapDirectory(LdapConfig config) {
    this.config = config;
    this.baseDN = config.baseDN().orElseThrow(() -> missing("baseDN"));
    this.userAttribute = config.userAttribute().orElse("uid");
    config.address().orElseThrow(() -> missing("address"));
    String[] credentials = credentials(config);
    this.bindDN = credentials[0];
    this.bindPassword = credentials[1];
  }

  @Override
  public String name() {
    return "ldap";
  }

  @Override
  public Optional<Identity> verify(String user, String password)
      throws SourceUnavailableException {
    if (password.isEmpty()) {
      return Optional.empty(); // an empty password would be an anonymous bind, not a check
    }
    if (System.nanoTime() - downUntil < 0) {
      throw new SourceUnavailableException("LDAP did not answer a moment ago; not asked", null);
    }
    try {
      LDAPConnectionPool connections = pool();
      List<String> attributes = config.userGroupAttribute().map(List::of).orElse(List.of());
      SearchResult found = connections.search(baseDN,
          config.subtreeSearch() ? SearchScope.SUB : SearchScope.ONE,
          Filter.createEqualityFilter(userAttribute, user), attributes.toArray(String[]::new));
      if (found.getEntryCount() != 1) {
        return Optional.empty();
      }
      SearchResultEntry entry = found.getSearchEntries().get(0);
      BindRequest bind = new SimpleBindRequest(entry.getDN(), password);
      bind.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MS);
      try {
        connections.bindAndRevertAuthentication(bind);
      } catch (LDAPException e) {
        if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
          return Optional.empty();
        }
        throw e;
      }
      Set<String> groups = new HashSet<>();
      config.userGroupAttribute().ifPresent(attribute -> {
        String[] values = entry.getAttributeValues(attribute);
        if (values != null) {
          groups.addAll(List.of(values));
        }
      });
      return Optional.of(Identity.user(user, groups, name()));
    } catch (LDAPException e) {
      downUntil = System.nanoTime() + BACKOFF_NANOS;
      throw new SourceUnavailableException("LDAP " + config.address().get() + ":"
          + config.port() + ": " + e.getResultCode(), e);
    }
  }

  /** Asks the directory something cheap; throws when it does not answer. */
  void probe() throws LDAPException {
    pool().getRootDSE();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }

  private LDAPConnectionPool pool() throws LDAPException {
    LDAPConnectionPool current = pool;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (pool == null) {
        pool = connect();
      }
      return pool;
    }
  }

  private LDAPConnectionPool connect() throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(CONNECT_TIMEOUT_MS);
    options.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MS);
    LDAPConnection connection = new LDAPConnection(options, config.address().get(),
        config.port());
    try {
      StartTLSPostConnectProcessor startTls = null;
      if (config.startTLS()) {
        SSLContext tls = sslContext();
        connection.processExtendedOperation(new StartTLSExtendedRequest(tls));
        startTls = new StartTLSPostConnectProcessor(tls);
      }
      if (bindDN != null) {
        connection.bind(bindDN, bindPassword);
      }
      LDAPConnectionPool created = new LDAPConnectionPool(connection, 1, POOL_SIZE, startTls);
      created.setRetryFailedOperationsDueToInvalidConnections(true);
      return created;
    } catch (LDAPException e) {
      connection.close();
      throw e;
    }
  }

  private SSLContext sslContext() throws LDAPException {
    try {
      TrustManager trust = config.skipVerify() ? new TrustAllTrustManager()
          : config.caCert().map(ca -> Pem.trustManager(Path.of(ca))).orElse(null);
      SSLUtil ssl = trust == null ? new SSLUtil() : new SSLUtil(trust);
      return ssl.createSSLContext("TLSv1.2");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new LDAPException(ResultCode.CONNECT_ERROR, "cannot set up TLS: " + e.getMessage(),
          e);
    }
  }

  /** bindDN and bindPassword from the config, or from zot 2's credentialsFile. */
  private static String[] credentials(LdapConfig config) {
    if (config.credentialsFile().isPresent()) {
      Path file = Path.of(config.credentialsFile().get());
      try {
        JsonNode json = JsonMapper.builder().build().readTree(file.toFile());
        return new String[] {text(json, "bindDN"), text(json, "bindPassword")};
      } catch (IOException e) {
        throw new IllegalArgumentException("http.auth.ldap.credentialsFile: cannot read "
            + file + " (" + e.getClass().getSimpleName() + ")", e);
      }
    }
    return new String[] {config.bindDN().orElse(null),
        config.bindPassword().map(s -> s.reveal()).orElse(null)};
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException("http.auth.ldap." + key + " is required");
  }
}

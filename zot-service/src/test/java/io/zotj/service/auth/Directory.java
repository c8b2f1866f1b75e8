package io.zotj.service.auth;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.zotj.service.testing.Certificates;
import io.zotj.service.tls.Pem;
import java.net.InetAddress;
import javax.net.ssl.KeyManagerFactory;

/**
 * A real LDAP server for tests (UnboundID's in-memory directory) on 127.0.0.1, with a plain
 * listener and one that offers StartTLS with a certificate of the test CA.
 */
final class Directory implements AutoCloseable {

  static final String BASE = "dc=example,dc=org";
  static final String BIND_DN = "cn=searcher,ou=Users," + BASE;
  static final String BIND_PASSWORD = "searcher-secret";

  private final InMemoryDirectoryServer server;

  Directory(Certificates certs) throws Exception {
    certs.server("ldap");
    KeyManagerFactory keys = KeyManagerFactory.getInstance(
        KeyManagerFactory.getDefaultAlgorithm());
    keys.init(Pem.keyStore(certs.dir().resolve("ldap.crt"), certs.key("ldap")),
        Pem.STORE_PASSWORD.toCharArray());
    SSLUtil tls = new SSLUtil(keys.getKeyManagers()[0], new TrustAllTrustManager());
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.setSchema(null);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("plain", loopback, 0, null),
        InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0,
            tls.createSSLSocketFactory()));
    server = new InMemoryDirectoryServer(config);
    server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
    server.add("dn: ou=Users," + BASE, "objectClass: organizationalUnit", "ou: Users");
    server.add("dn: ou=Team,ou=Users," + BASE, "objectClass: organizationalUnit", "ou: Team");
    server.add("dn: " + BIND_DN, "objectClass: person", "cn: searcher", "sn: s",
        "userPassword: " + BIND_PASSWORD);
    server.add("dn: uid=lena,ou=Users," + BASE, "objectClass: inetOrgPerson", "uid: lena",
        "cn: Lena", "sn: L", "userPassword: lena-secret", "memberOf: ops");
    server.add("dn: uid=rick,ou=Users," + BASE, "objectClass: inetOrgPerson", "uid: rick",
        "cn: Rick", "sn: R", "userPassword: rick-secret");
    server.add("dn: uid=deep,ou=Team,ou=Users," + BASE, "objectClass: inetOrgPerson",
        "uid: deep", "cn: Deep", "sn: D", "userPassword: deep-secret", "memberOf: ops");
    server.startListening();
  }

  int plainPort() {
    return server.getListenPort("plain");
  }

  int startTlsPort() {
    return server.getListenPort("starttls");
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}

package io.zotj.service.auth;

import static io.zotj.service.auth.Http.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An LDAP server that accepts connections and never answers: LDAP users get 401 within the
 * timeouts instead of a hung request, the health check fails, htpasswd users still log in.
 */
class LdapDownTest {

  static ServerSocket silent;
  static final List<Socket> accepted = new ArrayList<>();

  static synchronized int silentPort() {
    try {
      if (silent == null) {
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
          while (!silent.isClosed()) {
            try {
              Socket socket = silent.accept();
              synchronized (accepted) {
                accepted.add(socket);
              }
            } catch (IOException e) {
              return;
            }
          }
        }, "silent-ldap");
        acceptor.setDaemon(true);
        acceptor.start();
      }
      return silent.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "local", "local-secret");
    return """
        storage: {rootDirectory: "%s"}
        http:
          address: 127.0.0.1
          port: 0
          auth:
            htpasswd: {path: "%s"}
            ldap: {address: 127.0.0.1, port: %d, baseDN: "dc=example,dc=org",
                   userAttribute: uid, bindDN: "cn=x", bindPassword: "y"}
        log: {level: info}
        """.formatted(dir.resolve("storage"), dir.resolve("htpasswd"), silentPort());
  });

  @AfterAll
  static void close() throws IOException {
    silent.close();
    synchronized (accepted) {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void answersLdapUsersWith401InsteadOfHangingAndFailsTheHealthCheck() {
    Http http = new Http(REGISTRY.uri());

    long start = System.nanoTime();
    int ldapUser = http.send("GET", "/v2/", basic("lena", "lena-secret")).statusCode();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int local = http.send("GET", "/v2/", basic("local", "local-secret")).statusCode();

    assertThat(ldapUser).isEqualTo(401);
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(local).isEqualTo(200);
    assertThat(REGISTRY.environment().healthChecks().runHealthCheck("ldap").isHealthy())
        .isFalse();
  }
}

package io.zotj.service.auth;

import static io.zotj.service.auth.Http.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.Certificates;
import io.zotj.service.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth.ldap} against a real in-memory directory: search with the bind account, bind as
 * the user, groups from {@code userGroupAttribute}, subtree or one-level search, StartTLS with
 * a CA and zot 2's credentialsFile, and htpasswd beside it.
 */
class LdapTest {

  static Certificates certs;
  static Directory directory;

  static synchronized Directory directory(Path dir) {
    try {
      if (directory == null) {
        certs = new Certificates(Files.createDirectories(dir.resolve("ldap-pki")), "ldap CA");
        directory = new Directory(certs);
      }
      return directory;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static final String POLICY = """
        accessControl:
          repositories:
            "ops/**":
              policies: [{groups: [ops], actions: [read, create, update]}]
              defaultPolicy: [read]
            "**":
              defaultPolicy: [read]
      """;

  /** Plain LDAP, subtree search, bind credentials inline, htpasswd beside it. */
  @RegisterExtension
  @Order(1)
  static final TestRegistry PLAIN = TestRegistry.zot(dir -> {
    int port = directory(dir).plainPort();
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "local", "local-secret");
    return """
        storage: {rootDirectory: "%s"}
        http:
          address: 127.0.0.1
          port: 0
          auth:
            htpasswd: {path: "%s"}
            ldap:
              address: 127.0.0.1
              port: %d
              baseDN: "ou=Users,%s"
              userAttribute: uid
              userGroupAttribute: memberOf
              bindDN: "%s"
              bindPassword: "%s"
              subtreeSearch: true
        %s
        log: {level: info}
        """.formatted(dir.resolve("storage"), dir.resolve("htpasswd"), port, Directory.BASE,
        Directory.BIND_DN, Directory.BIND_PASSWORD, POLICY);
  });

  /** StartTLS verified against the test CA, one-level search, credentials in a file. */
  @RegisterExtension
  @Order(2)
  static final TestRegistry START_TLS = TestRegistry.zot(dir -> {
    int port = directory(dir).startTlsPort();
    try {
      Files.writeString(dir.resolve("ldap-credentials.json"), "{\"bindDN\": \""
          + Directory.BIND_DN + "\", \"bindPassword\": \"" + Directory.BIND_PASSWORD + "\"}");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return """
        storage: {rootDirectory: "%s"}
        http:
          address: 127.0.0.1
          port: 0
          auth:
            ldap:
              address: 127.0.0.1
              port: %d
              startTLS: true
              caCert: "%s"
              baseDN: "ou=Users,%s"
              userAttribute: uid
              credentialsFile: "%s"
              subtreeSearch: false
        log: {level: info}
        """.formatted(dir.resolve("storage"), port, certs.caCert(), Directory.BASE,
        dir.resolve("ldap-credentials.json"));
  });

  @AfterAll
  static void stopDirectory() {
    if (directory != null) {
      directory.close();
    }
  }

  @Test
  void logsInDirectoryUsersAndRefusesWrongPasswords() {
    Http http = new Http(PLAIN.uri());

    assertThat(http.send("GET", "/v2/", basic("lena", "lena-secret")).statusCode())
        .isEqualTo(200);
    assertThat(http.send("GET", "/v2/", basic("deep", "deep-secret")).statusCode())
        .isEqualTo(200);
    assertThat(http.send("GET", "/v2/", basic("lena", "wrong")).statusCode()).isEqualTo(401);
    assertThat(http.send("GET", "/v2/", basic("lena", "")).statusCode()).isEqualTo(401);
    assertThat(http.send("GET", "/v2/", basic("nobody", "x")).statusCode()).isEqualTo(401);
    assertThat(http.send("GET", "/v2/", basic("*", "lena-secret")).statusCode())
        .isEqualTo(401);
    assertThat(http.send("GET", "/v2/", basic("local", "local-secret")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void grantsThroughTheGroupsTheDirectoryReports() {
    Http http = new Http(PLAIN.uri());

    assertThat(http.pushImage("ops/tool", "v1", "ops", basic("lena", "lena-secret"))
        .statusCode()).isEqualTo(201);
    assertThat(http.pushImage("ops/tool", "v2", "ops2", basic("rick", "rick-secret"))
        .statusCode()).isEqualTo(403);
    assertThat(http.send("GET", "/v2/ops/tool/manifests/v1", basic("rick", "rick-secret"))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void speaksStartTlsAndSearchesOneLevelWhenToldTo() {
    Http http = new Http(START_TLS.uri());

    assertThat(http.send("GET", "/v2/", basic("lena", "lena-secret")).statusCode())
        .isEqualTo(200);
    assertThat(http.send("GET", "/v2/", basic("deep", "deep-secret")).statusCode())
        .isEqualTo(401);
    assertThat(http.send("GET", "/v2/", basic("lena", "wrong")).statusCode()).isEqualTo(401);
  }
}

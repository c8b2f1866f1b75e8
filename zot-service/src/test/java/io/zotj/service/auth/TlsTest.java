package io.zotj.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.config.ZotConfigurationException;
import io.zotj.service.config.ZotConfigurationFactory;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.testing.Certificates;
import io.zotj.service.testing.TestRegistry;
import io.zotj.service.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.tls} with a CA: HTTPS only, TLS 1.2 and 1.3 with strong suites, client
 * certificates required and their CN taken as the identity, certificate files reloaded, and bad
 * files refused at start-up.
 */
class TlsTest {

  static Certificates certs;

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    try {
      certs = new Certificates(Files.createDirectories(dir.resolve("pki")), "zot test CA");
      certs.server("server");
      certs.client("robot", "ci-robot");
      certs.client("reader", "reader");
      return """
          storage: {rootDirectory: "%s"}
          http:
            address: 127.0.0.1
            port: 0
            tls: {cert: "%s", key: "%s", cacert: "%s"}
            accessControl:
              "**":
                policies: [{users: [ci-robot], actions: [read, create]}]
                defaultPolicy: [read]
          log: {level: info}
          """.formatted(dir.resolve("storage"), certs.dir().resolve("server.crt"),
          certs.key("server"), certs.caCert());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  });

  @TempDir static Path other;

  @BeforeAll
  static void started() {
    assertThat(REGISTRY.uri().getScheme()).isEqualTo("https");
  }

  static SSLContext tls(String client, String protocol) throws Exception {
    SSLContext context = SSLContext.getInstance(protocol);
    KeyManagerFactory keys = null;
    if (client != null) {
      KeyStore store = Pem.keyStore(certs.dir().resolve(client + ".crt"), certs.key(client));
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, Pem.STORE_PASSWORD.toCharArray());
    }
    context.init(keys == null ? null : keys.getKeyManagers(),
        new TrustManager[] {Pem.trustManager(certs.caCert())}, null);
    return context;
  }

  @RepeatedTest(5)
  void takesTheClientCertificatesCommonNameAsTheIdentity(RepetitionInfo run) throws Exception {
    String tag = "v" + run.getCurrentRepetition();
    Http robot = new Http(REGISTRY.uri(), tls("robot", "TLS"));
    Http reader = new Http(REGISTRY.uri(), tls("reader", "TLS"));

    assertThat(robot.send("GET", "/v2/", null).statusCode()).isEqualTo(200);
    assertThat(robot.pushImage("mtls/app", tag, "mtls", null).statusCode()).isEqualTo(201);
    assertThat(reader.send("GET", "/v2/mtls/app/manifests/" + tag, null).statusCode())
        .isEqualTo(200);
    // refused uploads leave their bodies unread; the next request must not hit a dead
    // connection (the server says Connection: close)
    assertThat(reader.pushImage("mtls/app", "r" + tag, "other", null).statusCode())
        .isEqualTo(403);
    assertThat(reader.send("GET", "/v2/mtls/app/manifests/" + tag, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void refusesTheHandshakeWithoutAClientCertificateOfTheCa() throws Exception {
    Certificates foreign = new Certificates(other, "another CA");
    foreign.client("intruder", "ci-robot");
    SSLContext context = SSLContext.getInstance("TLS");
    KeyManagerFactory keys = KeyManagerFactory.getInstance(
        KeyManagerFactory.getDefaultAlgorithm());
    keys.init(Pem.keyStore(other.resolve("intruder.crt"), foreign.key("intruder")),
        Pem.STORE_PASSWORD.toCharArray());
    context.init(keys.getKeyManagers(), new TrustManager[] {Pem.trustManager(certs.caCert())},
        null);

    assertThatThrownBy(() -> new Http(REGISTRY.uri(), tls(null, "TLS"))
        .send("GET", "/v2/", null)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> new Http(REGISTRY.uri(), context).send("GET", "/v2/", null))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void speaksTls12And13WithStrongSuitesOnly() throws Exception {
    assertThat(handshake("TLSv1.3")).isEqualTo("TLSv1.3");
    assertThat(handshake("TLSv1.2")).isEqualTo("TLSv1.2");
    // openssl, at security level 0, offers what Java's client no longer would
    assertThat(openssl("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256")).isZero();
    assertThat(openssl("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")).isNotZero();
    assertThat(openssl("-tls1", "-cipher", "DEFAULT@SECLEVEL=0")).isNotZero();
    assertThat(openssl("-tls1_2", "-cipher", "AES128-SHA@SECLEVEL=0")).isNotZero();
    assertThat(openssl("-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256")).isNotZero();
    assertThat(openssl("-tls1_2", "-cipher", "DES-CBC3-SHA@SECLEVEL=0")).isNotZero();
  }

  private static int openssl(String... options) {
    List<String> command = new ArrayList<>(List.of("openssl",
        "s_client", "-connect", "127.0.0.1:" + REGISTRY.uri().getPort(), "-CAfile",
        certs.caCert().toString(), "-cert", certs.dir().resolve("robot.crt").toString(),
        "-key", certs.key("robot").toString(), "-verify_return_error", "-brief"));
    command.addAll(List.of(options));
    return Commands.exitCode(certs.dir(), command.toArray(String[]::new));
  }

  @Test
  void picksUpAReplacedCertificateWithoutARestart() throws Exception {
    BigInteger before = servedSerial();
    Path pki = certs.dir();
    certs.server("renewed");
    Files.copy(pki.resolve("renewed.key"), pki.resolve("server.key.tmp"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pki.resolve("renewed.crt"), pki.resolve("server.crt.tmp"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.move(pki.resolve("server.key.tmp"), pki.resolve("server.key"),
        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(pki.resolve("server.crt.tmp"), pki.resolve("server.crt"),
        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    long deadline = System.nanoTime() + 15_000_000_000L;
    BigInteger now = before;
    while (now.equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      now = servedSerial();
    }
    assertThat(now).isNotEqualTo(before);
    assertThat(new Http(REGISTRY.uri(), tls("robot", "TLS")).send("GET", "/v2/", null)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void refusesMissingMismatchedAndExpiredFilesAtStartUp() throws Exception {
    Certificates pki = new Certificates(Files.createDirectories(other.resolve("bad")), "bad");
    Path good = pki.server("good");
    Path expired = pki.expiredServer("expired");
    pki.server("unrelated");

    assertThat(problems(good, pki.key("unrelated"))).contains("is not the key of");
    assertThat(problems(expired, pki.key("expired"))).contains("expired");
    assertThat(problems(other.resolve("missing.crt"), pki.key("good")))
        .contains("missing.crt");
    assertThat(problems(pki.key("good"), pki.key("good"))).contains("cannot use");
  }

  private static String problems(Path cert, Path key) throws Exception {
    Path file = other.resolve("tls-" + System.nanoTime() + ".yaml");
    Files.writeString(file, """
        storage: {rootDirectory: "%s"}
        http: {address: 127.0.0.1, port: 0, tls: {cert: "%s", key: "%s"}}
        """.formatted(other.resolve("s"), cert, key));
    try {
      new ZotConfigurationFactory<>(ZotConfiguration.class, Validators.newValidator(),
          Jackson.newObjectMapper(), "dw", () -> PluginRegistry.load(other.resolve("plugins")))
          .build(new FileConfigurationSourceProvider(), file.toString());
    } catch (ZotConfigurationException e) {
      return e.getMessage();
    }
    throw new AssertionError("the configuration loaded");
  }

  private static String handshake(String protocol) throws Exception {
    SSLContext context = tls("robot", protocol);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
        REGISTRY.uri().getPort())) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return socket.getSession().getProtocol();
    }
  }

  private static BigInteger servedSerial() throws Exception {
    try (SSLSocket socket = (SSLSocket) tls("robot", "TLS").getSocketFactory()
        .createSocket("127.0.0.1", REGISTRY.uri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
          .getSerialNumber();
    }
  }
}

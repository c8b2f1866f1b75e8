package io.zotj.service.auth;

import static io.zotj.service.auth.Http.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import io.zotj.service.testing.Certificates;
import io.zotj.service.testing.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients with credentials: skopeo over verified mutual TLS ({@code --cert-dir},
 * {@code --tls-verify=true}) with and without {@code --creds}, and jib-core with credentials.
 */
class SecureClientsTest {

  static Certificates certs;

  @RegisterExtension
  static final TestRegistry TLS = TestRegistry.zot(dir -> {
    try {
      certs = new Certificates(Files.createDirectories(dir.resolve("pki")), "clients CA");
      certs.server("server");
      certs.client("reader", "reader");
      Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "pusher", "pusher-secret");
      return """
          storage: {rootDirectory: "%s"}
          http:
            address: 127.0.0.1
            port: 0
            tls: {cert: "%s", key: "%s", cacert: "%s"}
            auth: {htpasswd: {path: "%s"}}
            accessControl:
              "**":
                policies: [{users: [pusher], actions: [read, create, update]}]
                defaultPolicy: [read]
          log: {level: info}
          """.formatted(dir.resolve("storage"), certs.dir().resolve("server.crt"),
          certs.key("server"), certs.caCert(), dir.resolve("htpasswd"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  });

  @RegisterExtension
  static final TestRegistry PLAIN = TestRegistry.zot(dir -> {
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "jibber", "jib-secret");
    return """
        storage: {rootDirectory: "%s"}
        http: {address: 127.0.0.1, port: 0, auth: {htpasswd: {path: "%s"}}}
        log: {level: info}
        """.formatted(dir.resolve("storage"), dir.resolve("htpasswd"));
  });

  @TempDir static Path work;

  /** A folder as containers/image reads it: CA as *.crt, client pair as *.cert and *.key. */
  static Path certDir(String client) throws IOException {
    Path dir = Files.createDirectories(work.resolve("certs-" + client));
    Files.copy(certs.caCert(), dir.resolve("ca.crt"));
    Files.copy(certs.dir().resolve(client + ".crt"), dir.resolve(client + ".cert"));
    Files.copy(certs.key(client), dir.resolve(client + ".key"));
    return dir;
  }

  @Test
  void skopeoPushesWithCredentialsOverVerifiedMutualTls() throws IOException {
    Path layout = Skopeo.layout(Files.createDirectories(work.resolve("img")), "mtls");
    Skopeo skopeo = new Skopeo(work.resolve("home"));
    Path certDir = certDir("reader");
    String target = "docker://" + TLS.hostPort() + "/secure/app:v1";

    skopeo.run("copy", "--dest-tls-verify=true", "--dest-cert-dir", certDir.toString(),
        "--dest-creds", "pusher:pusher-secret", "oci:" + layout + ":v1", target).ok();
    // the certificate alone says "reader", who may pull; a push is challenged, since a
    // client with credentials would send them after a 401
    String raw = skopeo.run("inspect", "--tls-verify=true", "--cert-dir", certDir.toString(),
        "--raw", target).ok().output();
    Skopeo.Result readerPush = skopeo.run("copy", "--dest-tls-verify=true", "--dest-cert-dir",
        certDir.toString(), "oci:" + layout + ":v1", "docker://" + TLS.hostPort()
            + "/secure/app:v2");
    Skopeo.Result wrongPassword = skopeo.run("inspect", "--tls-verify=true", "--cert-dir",
        certDir.toString(), "--creds", "pusher:wrong", "--raw", target);
    Skopeo.Result noClientCert = skopeo.run("inspect", "--tls-verify=true", "--creds",
        "pusher:pusher-secret", "--raw", target);

    assertThat(raw).contains("\"layers\"");
    assertThat(readerPush.exitCode()).isNotZero();
    assertThat(readerPush.output()).containsIgnoringCase("unauthorized");
    assertThat(wrongPassword.exitCode()).isNotZero();
    assertThat(noClientCert.exitCode()).isNotZero();
  }

  @Test
  void skopeoLogsInOnlyWithTheRightPassword() {
    Skopeo skopeo = new Skopeo(work.resolve("login-home"));

    Skopeo.Result right = skopeo.run("login", "--tls-verify=false", "-u", "jibber", "-p",
        "jib-secret", PLAIN.hostPort());
    Skopeo.Result wrong = skopeo.run("login", "--tls-verify=false", "-u", "jibber", "-p",
        "nope", PLAIN.hostPort());

    assertThat(right.exitCode()).as(right.output()).isZero();
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.output()).doesNotContain("nope");
  }

  @Test
  void jibPushesWithCredentialsAndFailsWithoutThem() throws Exception {
    Path files = Files.createDirectories(work.resolve("jib-files"));
    Files.writeString(files.resolve("hello.txt"), "hello from jib\n");
    System.setProperty("sendCredentialsOverHttp", "true");
    try {
      JibContainer pushed = push(files, "jibber", "jib-secret", "v1");
      Http http = new Http(PLAIN.uri());

      assertThat(http.send("GET", "/v2/jib/app/manifests/v1", basic("jibber", "jib-secret"))
          .headers().firstValue("Docker-Content-Digest"))
          .hasValue(pushed.getDigest().toString());
      assertThatThrownBy(() -> push(files, "jibber", "wrong", "v2"))
          .hasStackTraceContaining("Unauthorized");
    } finally {
      System.clearProperty("sendCredentialsOverHttp");
    }
  }

  private static JibContainer push(Path files, String user, String password, String tag)
      throws Exception {
    RegistryImage target = RegistryImage.named(ImageReference.parse(PLAIN.hostPort()
        + "/jib/app:" + tag)).addCredential(user, password);
    return Jib.fromScratch()
        .addLayer(List.of(files.resolve("hello.txt")), AbsoluteUnixPath.get("/app"))
        .containerize(Containerizer.to(target).setAllowInsecureRegistries(true)
            .setApplicationLayersCache(work.resolve("jib-cache"))
            .setBaseImageLayersCache(work.resolve("jib-base-cache"))
            .setToolName("zot-auth-test"));
  }
}

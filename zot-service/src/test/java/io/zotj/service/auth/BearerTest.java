package io.zotj.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.Certificates;
import io.zotj.service.testing.TestRegistry;
import io.zotj.service.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.bearer}: the Docker token flow with a token service written here. */
class BearerTest {

  static final String SERVICE = "zot-test-registry";
  static TokenService tokens;
  static Certificates certs;

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    try {
      certs = new Certificates(Files.createDirectories(dir.resolve("token-pki")), "tokens");
      tokens = new TokenService(certs.dir().resolve("ca.key"), SERVICE);
      return """
          storage: {rootDirectory: "%s"}
          http:
            address: 127.0.0.1
            port: 0
            auth:
              bearer: {realm: "%s", service: "%s", cert: "%s"}
          log: {level: info, audit: "%s"}
          """.formatted(dir.resolve("storage"), tokens.realm(), SERVICE, certs.caCert(),
          dir.resolve("audit.log"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  });

  @TempDir static Path work;
  static Http http;

  @BeforeAll
  static void client() {
    http = new Http(REGISTRY.uri());
  }

  @AfterAll
  static void stopTokens() {
    tokens.close();
  }

  static String bearer(Map<String, List<String>> access) {
    Instant now = Instant.now();
    return "Bearer " + tokens.issue("robot", access, SERVICE, now.minusSeconds(5),
        now.plusSeconds(60));
  }

  @Test
  void challengesWithTheRealmServiceAndScope() {
    HttpResponse<String> base = http.send("GET", "/v2/", null);
    HttpResponse<String> pull = http.send("GET", "/v2/bearer/app/manifests/v1", null);
    HttpResponse<String> push = http.send("POST", "/v2/bearer/app/blobs/uploads/", null);

    assertThat(base.statusCode()).isEqualTo(401);
    assertThat(base.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\""
        + tokens.realm() + "\",service=\"" + SERVICE + "\"");
    assertThat(pull.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\""
        + tokens.realm() + "\",service=\"" + SERVICE + "\",scope=\"repository:bearer/app:pull\"");
    assertThat(push.headers().firstValue("WWW-Authenticate").orElseThrow())
        .endsWith("scope=\"repository:bearer/app:pull,push\"");
  }

  @Test
  void acceptsATokenOnlyForTheActionsAndRepositoryItGrants() {
    String pushToken = bearer(Map.of("bearer/granted", List.of("pull", "push")));
    String pullToken = bearer(Map.of("bearer/granted", List.of("pull")));

    assertThat(http.pushImage("bearer/granted", "v1", "g", pushToken).statusCode())
        .isEqualTo(201);
    assertThat(http.send("GET", "/v2/bearer/granted/manifests/v1", pullToken).statusCode())
        .isEqualTo(200);
    HttpResponse<String> noPush = http.pushImage("bearer/granted", "v2", "h", pullToken);
    assertThat(noPush.statusCode()).isEqualTo(401);
    assertThat(noPush.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"");
    assertThat(http.send("GET", "/v2/bearer/other/manifests/v1", pullToken).statusCode())
        .isEqualTo(401);
    assertThat(http.send("DELETE", "/v2/bearer/granted/manifests/v1", pushToken)
        .statusCode()).isEqualTo(401);
  }

  @Test
  void refusesExpiredEarlyForeignForgedAndUnsignedTokens() throws Exception {
    Map<String, List<String>> access = Map.of("bearer/granted", List.of("pull"));
    Instant now = Instant.now();
    Certificates forger = new Certificates(Files.createDirectories(work.resolve("forger")),
        "forger");
    String forged = TokenService.sign(Pem.privateKey(forger.dir().resolve("ca.key")), "robot",
        access, SERVICE, now.minusSeconds(5), now.plusSeconds(60));
    String valid = bearer(access).substring(7);
    String[] parts = valid.split("\\.");
    String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"sub\":\"admin\",\"exp\":9999999999}".getBytes()) + "." + parts[2];
    String unsigned = "eyJhbGciOiJub25lIn0." + parts[1] + ".";

    List<String> refused = List.of(
        tokens.issue("robot", access, SERVICE, now.minusSeconds(120), now.minusSeconds(60)),
        tokens.issue("robot", access, SERVICE, now.plusSeconds(60), now.plusSeconds(120)),
        tokens.issue("robot", access, "another-service", now.minusSeconds(5),
            now.plusSeconds(60)),
        forged, tampered, unsigned, "not-a-jwt");

    for (String token : refused) {
      HttpResponse<String> response =
          http.send("GET", "/v2/bearer/granted/tags/list", "Bearer " + token);
      assertThat(response.statusCode()).as(token).isEqualTo(401);
      assertThat(response.body()).doesNotContain(token);
    }
    assertThat(http.send("GET", "/v2/bearer/granted/tags/list", "Bearer " + valid)
        .statusCode()).isIn(200, 404);
  }

  @Test
  void skopeoLogsInThroughTheTokenServiceAndPushesAndPulls() throws IOException {
    Path layout = Skopeo.layout(Files.createDirectories(work.resolve("img")), "bearer");
    Skopeo skopeo = new Skopeo(work.resolve("home"));
    String creds = TokenService.USER + ":" + TokenService.PASSWORD;
    String target = "docker://" + REGISTRY.hostPort() + "/bearer/skopeo:v1";

    skopeo.run("copy", "--dest-tls-verify=false", "--dest-creds", creds, "oci:" + layout + ":v1",
        target).ok();
    String inspected = skopeo.run("inspect", "--tls-verify=false", "--creds", creds, "--raw",
        target).ok().output();
    Skopeo.Result wrong = skopeo.run("inspect", "--tls-verify=false", "--creds",
        TokenService.USER + ":nope", "--raw", target);

    assertThat(inspected).contains("\"layers\"");
    assertThat(wrong.exitCode()).isNotZero();
    try {
      assertThat(Files.readString(REGISTRY.dir().resolve("audit.log")))
          .contains("\"subject\":\"tok-user\"").doesNotContain("eyJ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

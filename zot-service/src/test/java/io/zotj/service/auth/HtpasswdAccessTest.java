package io.zotj.service.auth;

import static io.zotj.service.auth.Http.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zotj.service.testing.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * htpasswd logins (bcrypt from {@code htpasswd -B}, SHA-crypt from {@code openssl passwd}) and
 * the reference's example policy enforced over HTTP: challenges, 401 and 403, update versus
 * create, the filtered catalog, detectManifestCollision and the audit log.
 */
class HtpasswdAccessTest {

  static final String POLICY = """
        accessControl:
          "**":
            policies: [{users: [charlie], actions: [read, create, update]}]
            defaultPolicy: [read, create, delete, detectManifestCollision]
            anonymousPolicy: [read]
          "tmp/**":
            defaultPolicy: [read, create, update]
          "infra/*":
            policies:
              - {users: [alice, bob], actions: [create, read, update, delete]}
              - {users: [mallory], actions: [create, read]}
            defaultPolicy: [read]
          "repos2/repo":
            policies:
              - {users: [bob], actions: [read, create]}
              - {users: [mallory], actions: [create, read]}
            defaultPolicy: [read]
          adminPolicy: {users: [admin], actions: [read, create, update, delete]}
      """;

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    writeHtpasswd(dir);
    return """
        storage: {rootDirectory: "%s"}
        http:
          address: 127.0.0.1
          port: 0
          realm: zot-test
          auth:
            htpasswd: {path: "%s"}
        %s
        log: {level: info, audit: "%s"}
        """.formatted(dir.resolve("storage"), dir.resolve("htpasswd"), POLICY,
        dir.resolve("audit.log"));
  });

  static Http http;

  /** bcrypt for most, SHA-256 and SHA-512 crypt for two, and two lines that must not work. */
  static void writeHtpasswd(Path dir) {
    try {
      Path file = dir.resolve("htpasswd");
      Commands.run(dir, "htpasswd", "-B", "-b", "-c", file.toString(), "charlie", pw("charlie"));
      for (String user : List.of("mallory", "admin")) {
        Commands.run(dir, "htpasswd", "-B", "-b", file.toString(), user, pw(user));
      }
      String sha256 = Commands.run(dir, "openssl", "passwd", "-5", pw("alice")).strip();
      String sha512 = Commands.run(dir, "openssl", "passwd", "-6", pw("bob")).strip();
      String md5 = Commands.run(dir, "openssl", "passwd", "-apr1", pw("frank")).strip();
      Files.writeString(file, "alice:" + sha256 + "\nbob:" + sha512 + "\neve:" + pw("eve")
          + "\nfrank:" + md5 + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String pw(String user) {
    return "pw-of-" + user;
  }

  static String as(String user) {
    return basic(user, pw(user));
  }

  @BeforeAll
  static void client() {
    http = new Http(REGISTRY.uri());
  }

  @Test
  void challengesAnonymousCallersOfTheBaseEndpointWithBasicAndTheRealm() throws Exception {
    HttpResponse<String> anonymous = http.send("GET", "/v2/", null);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"zot-test\"");
    assertThat(code(anonymous)).isEqualTo("UNAUTHORIZED");
    assertThat(http.send("GET", "/v2/", as("charlie")).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"charlie", "mallory", "admin", "alice", "bob"})
  void acceptsBcryptAndShaCryptEntries(String user) {
    assertThat(http.send("GET", "/v2/", as(user)).statusCode()).isEqualTo(200);
    assertThat(http.send("GET", "/v2/", basic(user, "wrong")).statusCode()).isEqualTo(401);
  }

  @Test
  void neverTakesAPlainTextOrMd5LineAsAPassword() {
    assertThat(http.send("GET", "/v2/", as("eve")).statusCode()).isEqualTo(401);
    assertThat(http.send("GET", "/v2/", as("frank")).statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic !!!", "Basic bm9jb2xvbg==", "Basic ", "Digest abc",
      "Bearer eyJhbGciOiJub25lIn0.e30.", "basic", "Basic Og=="})
  void refusesMalformedAuthorizationHeaders(String header) {
    HttpResponse<String> response = http.send("GET", "/v2/", header);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void enforcesTheReferencePolicyOnPushesAndPulls() {
    assertThat(http.pushImage("library/app", "v1", "app", as("alice")).statusCode())
        .isEqualTo(201);
    // anonymous may read under "**", not write
    assertThat(http.send("GET", "/v2/library/app/manifests/v1", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> anonymousPush = http.pushImage("library/app", "v2", "x", null);
    assertThat(anonymousPush.statusCode()).isEqualTo(401);
    assertThat(anonymousPush.headers().firstValue("WWW-Authenticate")).isPresent();
    // charlie may only read under infra/*: authenticated, so 403 DENIED
    HttpResponse<String> denied = http.pushImage("infra/web", "v1", "web", as("charlie"));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(code(denied)).isEqualTo("DENIED");
    // mallory may create a tag in infra/web but not move it
    assertThat(http.pushImage("infra/web", "v1", "web", as("mallory")).statusCode())
        .isEqualTo(201);
    assertThat(http.pushImage("infra/web", "v1", "web2", as("mallory")).statusCode())
        .isEqualTo(403);
    assertThat(http.pushImage("infra/web", "v1", "web2", as("alice")).statusCode())
        .isEqualTo(201);
    // nothing under tmp/** for anonymous callers
    assertThat(http.pushImage("tmp/scratch", "v1", "tmp", as("charlie")).statusCode())
        .isEqualTo(201);
    assertThat(http.send("GET", "/v2/tmp/scratch/manifests/v1", null).statusCode())
        .isEqualTo(401);
    // bob may create in repos2/repo; alice only reads there
    assertThat(http.pushImage("repos2/repo", "v1", "r2", as("bob")).statusCode())
        .isEqualTo(201);
    assertThat(http.send("DELETE", "/v2/repos2/repo/manifests/v1", as("alice")).statusCode())
        .isEqualTo(403);
  }

  @Test
  void listsOnlyRepositoriesTheCallerMayRead() throws Exception {
    http.pushImage("cat/public", "v1", "cp", as("alice"));
    http.pushImage("tmp/cat", "v1", "tc", as("alice"));

    List<String> anonymous = catalog(null);
    List<String> alice = catalog(as("alice"));

    assertThat(anonymous).contains("cat/public").doesNotContain("tmp/cat");
    assertThat(alice).contains("cat/public", "tmp/cat");
  }

  @Test
  void detectManifestCollisionRefusesToDeleteAManifestSeveralTagsShare() {
    byte[] manifest = Http.manifest("shared");
    String digest = Http.digest(manifest);
    for (String repo : List.of("library/shared", "tmp/shared")) {
      http.pushImage(repo, "a", "shared", as("admin"));
      http.send("PUT", "/v2/" + repo + "/manifests/b", as("admin"), manifest,
          Http.OCI_MANIFEST);
    }

    // alice holds detectManifestCollision under "**"
    HttpResponse<String> refused =
        http.send("DELETE", "/v2/library/shared/manifests/" + digest, as("alice"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(code(refused)).isEqualTo("MANIFEST_INVALID");
    assertThat(http.send("GET", "/v2/library/shared/manifests/a", as("alice")).statusCode())
        .isEqualTo(200);
    // under tmp/** nobody holds it: admin's delete removes the manifest and both tags
    assertThat(http.send("DELETE", "/v2/tmp/shared/manifests/" + digest, as("admin"))
        .statusCode()).isEqualTo(202);
    assertThat(http.send("GET", "/v2/tmp/shared/manifests/a", as("admin")).statusCode())
        .isEqualTo(404);
    assertThat(http.send("GET", "/v2/tmp/shared/manifests/b", as("admin")).statusCode())
        .isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/repos2/repo/../secret/manifests/v1",
      "/v2/repos2/repo/%2e%2e/secret/manifests/v1", "/v2/repos2%2Frepo/manifests/v1",
      "/v2/tmp/scratch/manifests/v1/", "/v2/tmp%2Fscratch/manifests/v1",
      "/v2//tmp/scratch/manifests/v1", "/v2/repos2/repo/./x/manifests/v1"})
  void pathTricksNeverEscapeAGlob(String path) {
    int status = http.send("GET", path, null).statusCode();

    assertThat(status).isIn(400, 401, 404);
  }

  @Test
  void refusesHugeHeadersWithoutServingTheRequest() {
    String huge = "Basic " + "A".repeat(64 * 1024);

    assertThat(http.send("GET", "/v2/", huge).statusCode()).isIn(400, 401, 431);
  }

  @Test
  void readsTheFileAgainWhenItChanges() throws Exception {
    Path file = REGISTRY.dir().resolve("htpasswd");
    assertThat(http.send("GET", "/v2/", as("newcomer")).statusCode()).isEqualTo(401);

    Thread.sleep(1100); // a file time in the next second, so the change is seen
    Commands.run(REGISTRY.dir(), "htpasswd", "-B", "-b", file.toString(), "newcomer",
        pw("newcomer"));

    long deadline = System.nanoTime() + 10_000_000_000L;
    int status = 0;
    while (System.nanoTime() < deadline && status != 200) {
      Thread.sleep(250);
      status = http.send("GET", "/v2/", as("newcomer")).statusCode();
    }
    assertThat(status).isEqualTo(200);

    // a changed password ends the remembered login as soon as the change is seen
    Thread.sleep(1100);
    Commands.run(REGISTRY.dir(), "htpasswd", "-B", "-b", file.toString(), "newcomer",
        "changed");
    deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline && status != 401) {
      Thread.sleep(250);
      status = http.send("GET", "/v2/", as("newcomer")).statusCode();
    }
    assertThat(status).isEqualTo(401);
  }

  @Test
  void auditsMutatingRequestsAsJsonLinesWithoutSecrets() throws Exception {
    http.pushImage("audit/me", "v1", "audit", as("alice"));
    http.send("DELETE", "/v2/audit/me/manifests/v1", as("charlie"));
    http.send("PUT", "/v2/audit/me/manifests/v2", basic("alice", "guess"),
        Http.manifest("audit"), Http.OCI_MANIFEST);
    Path audit = REGISTRY.dir().resolve("audit.log");

    String denied = awaitLine(audit, "select(.subject==\"charlie\" and .method==\"DELETE\""
        + " and .repository==\"audit/me\")");
    String pushed = awaitLine(audit, "select(.subject==\"alice\" and .method==\"PUT\""
        + " and .reference==\"v1\")");
    String refused = awaitLine(audit, "select(.reference==\"v2\")");

    JsonNode d = Http.JSON.readTree(denied);
    assertThat(d.get("status").asInt()).isEqualTo(403);
    assertThat(d.get("action").asText()).isEqualTo("delete");
    assertThat(d.get("client").asText()).isEqualTo("127.0.0.1");
    assertThat(d.get("time").asText()).isNotBlank();
    JsonNode p = Http.JSON.readTree(pushed);
    assertThat(p.get("status").asInt()).isEqualTo(201);
    assertThat(p.get("action").asText()).isEqualTo("create");
    assertThat(Http.JSON.readTree(refused).get("status").asInt()).isEqualTo(401);
    assertThat(Files.readString(audit)).doesNotContain("pw-of-").doesNotContain("guess");
  }

  /** The first line of the audit log that a jq filter selects, waiting for the writer. */
  static String awaitLine(Path audit, String filter) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      String out = Commands.run(audit.getParent(), "jq", "-c", filter, audit.toString());
      if (!out.isBlank()) {
        return out.lines().findFirst().orElseThrow();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no audit line for " + filter + " in\n" + Files.readString(audit));
  }

  static List<String> catalog(String authorization) throws IOException {
    HttpResponse<String> response = http.send("GET", "/v2/_catalog", authorization);
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    Http.JSON.readTree(response.body()).get("repositories").forEach(n -> names.add(n.asText()));
    return names;
  }

  static String code(HttpResponse<String> response) {
    try {
      return Http.JSON.readTree(response.body()).get("errors").get(0).get("code").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}

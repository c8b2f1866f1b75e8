package io.zotj.service.auth;

import static io.zotj.service.auth.Http.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cross-repository mounts never hand out a blob the caller may not read. */
class MountAccessTest {

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "owner", "owner-secret");
    Commands.run(dir, "htpasswd", "-B", "-b", "htpasswd", "outsider", "outsider-secret");
    return """
        storage: {rootDirectory: "%s"}
        http:
          address: 127.0.0.1
          port: 0
          auth: {htpasswd: {path: "%s"}}
          accessControl:
            "private/**":
              policies: [{users: [owner], actions: [read, create]}]
            "public/**":
              defaultPolicy: [read, create]
        log: {level: info}
        """.formatted(dir.resolve("storage"), dir.resolve("htpasswd"));
  });

  static final byte[] SECRET = "a private layer".getBytes();
  static final String OWNER = basic("owner", "owner-secret");
  static final String OUTSIDER = basic("outsider", "outsider-secret");
  static Http http;

  @BeforeAll
  static void privateBlob() {
    http = new Http(REGISTRY.uri());
    assertThat(http.pushBlob("private/vault", SECRET, OWNER)).isEqualTo(201);
  }

  @Test
  void aMountFromARepositoryTheCallerMayNotReadOpensAnUploadInstead() {
    String digest = Http.digest(SECRET);

    HttpResponse<String> named = http.send("POST", "/v2/public/mine/blobs/uploads/?mount="
        + digest + "&from=private/vault", OUTSIDER);
    HttpResponse<String> blind = http.send("POST", "/v2/public/mine/blobs/uploads/?mount="
        + digest, OUTSIDER);

    assertThat(named.statusCode()).isEqualTo(202);
    assertThat(blind.statusCode()).isEqualTo(202);
    assertThat(http.send("HEAD", "/v2/public/mine/blobs/" + digest, OUTSIDER).statusCode())
        .isEqualTo(404);
    assertThat(http.send("GET", "/v2/private/vault/blobs/" + digest, OUTSIDER).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aMountFromAReadableRepositoryLinksTheBlob() {
    String digest = Http.digest(SECRET);

    HttpResponse<String> blind = http.send("POST", "/v2/private/copy/blobs/uploads/?mount="
        + digest, OWNER);

    assertThat(blind.statusCode()).isEqualTo(201);
    assertThat(http.send("HEAD", "/v2/private/copy/blobs/" + digest, OWNER).statusCode())
        .isEqualTo(200);
  }
}

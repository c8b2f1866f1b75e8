package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dedupe index file deleted while the registry serves: it keeps serving, notices, starts a
 * new index and rebuilds it from the blobs, and its readiness on the admin port says so.
 */
class LostIndexTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> ready() throws Exception {
    URI ready = REGISTRY.adminUri().resolve("/ready");
    return HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> awaitReady() throws Exception {
    for (int i = 0; i < 300; i++) {
      HttpResponse<String> r = ready();
      if (r.statusCode() == 200) {
        return r;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not ready within 30 s");
  }

  private static Object inode(String repo, String digest) throws Exception {
    return Files.getAttribute(REGISTRY.root().resolve(repo + "/blobs/sha256/"
        + digest.substring(7)), "unix:ino");
  }

  @Test
  void aDeletedIndexIsRebuiltWhileServingAndNothingIsLost() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = new byte[200_000];
    new Random(31).nextBytes(layer);
    String digest = Oci.sha256(layer);
    for (String repo : List.of("lost/a", "lost/b", "lost/c")) {
      oci.pushImage(repo, "v1", layer);
    }
    String before = awaitReady().body();
    Path index = REGISTRY.root().resolve(".zotj-dedupe.cmap");
    assertThat(index).exists();

    Files.delete(index);

    List<String> notReady = new ArrayList<>();
    HttpResponse<String> after = null;
    for (int i = 0; i < 300; i++) {
      // serving goes on meanwhile
      assertThat(oci.send("GET", "/v2/lost/b/manifests/v1", null, null).statusCode())
          .isEqualTo(200);
      assertThat(oci.getBlob("lost/c", digest).body()).isEqualTo(layer);
      HttpResponse<String> r = ready();
      if (r.statusCode() != 200) {
        notReady.add(r.body());
      } else if (!r.body().equals(before)) {
        after = r;
        break;
      }
      Thread.sleep(100);
    }

    assertThat(after).as("readiness reports a rebuild within 30 s").isNotNull();
    assertThat(after.body()).contains("dedupe index of (global) rebuilt at");
    assertThat(notReady).allSatisfy(body ->
        assertThat(body).contains("rebuilding the dedupe index of (global)"));
    assertThat(index).as("a new index file").exists();
    // the rebuilt index knows where the layer is: a new repository shares it
    oci.pushBlob("lost/new", layer);
    assertThat(inode("lost/new", digest)).isEqualTo(inode("lost/a", digest));
    for (String repo : List.of("lost/a", "lost/b", "lost/c")) {
      assertThat(oci.getBlob(repo, digest).body()).isEqualTo(layer);
    }

    // the new index is complete and kept: the next start needs no rebuild
    REGISTRY.stop();
    REGISTRY.start();
    assertThat(awaitReady().body().trim()).isEqualTo("ready");
    assertThat(new Oci(REGISTRY.uri()).getBlob("lost/new", digest).body()).isEqualTo(layer);
  }
}

package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A restart with dedupe turned off copies shared blobs apart; turned on again, shares them. */
class DedupeSwitchTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final List<String> REPOS = List.of("switch/a", "switch/b", "switch/c");

  private static Set<Object> inodes(String digest) throws Exception {
    Set<Object> inodes = new HashSet<>();
    for (String repo : REPOS) {
      Path file = REGISTRY.root().resolve(repo + "/blobs/sha256/" + digest.substring(7));
      inodes.add(Files.getAttribute(file, "unix:ino"));
    }
    return inodes;
  }

  /** Waits until the admin port's readiness says the start-up maintenance is done. */
  private static void awaitReady() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI ready = REGISTRY.adminUri().resolve("/ready");
    for (int i = 0; i < 300; i++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not ready within 30 s");
  }

  @Test
  void dedupeOffCopiesApartAndDedupeOnSharesAgainWithNothingLost() throws Exception {
    byte[] layer = new byte[300_000];
    new Random(21).nextBytes(layer);
    String digest = null;
    for (String repo : REPOS) {
      new Oci(REGISTRY.uri()).pushImage(repo, "v1", layer);
      digest = Oci.sha256(layer);
    }
    awaitReady();
    assertThat(inodes(digest)).hasSize(1);

    REGISTRY.stop();
    REGISTRY.storage("dedupe: false");
    REGISTRY.start();
    awaitReady();

    assertThat(inodes(digest)).as("every repository has its own copy").hasSize(3);
    Oci oci = new Oci(REGISTRY.uri());
    for (String repo : REPOS) {
      assertThat(oci.getBlob(repo, digest).body()).isEqualTo(layer);
      assertThat(oci.send("GET", "/v2/" + repo + "/manifests/v1", null, null).statusCode())
          .isEqualTo(200);
    }

    REGISTRY.stop();
    REGISTRY.storage("");
    REGISTRY.start();
    awaitReady();

    assertThat(inodes(digest)).as("shared again, in the background").hasSize(1);
    oci = new Oci(REGISTRY.uri());
    for (String repo : REPOS) {
      assertThat(oci.getBlob(repo, digest).body()).isEqualTo(layer);
    }
  }
}

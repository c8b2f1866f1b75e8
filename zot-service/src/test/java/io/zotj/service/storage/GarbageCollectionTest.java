package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Online GC every 100 ms with a 4 s delay, while clients push. */
class GarbageCollectionTest {

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.withStorage("""
      gcDelay: 4s
      gcInterval: 100ms
      """, "");

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(100);
    }
    assertThat(condition.getAsBoolean()).as("condition within 20 s").isTrue();
  }

  private static int status(Oci oci, String path) {
    try {
      return oci.send("GET", path, null, null).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDamagedManifestMakesGcLeaveItsRepositoryAloneAndNoOtherCopySuffers() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = random(30_000, 21);
    byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    String layerDigest = Oci.sha256(layer);
    byte[] image = Oci.manifest(Oci.sha256(config), config.length, List.of(layerDigest),
        List.of((long) layer.length));
    String manifest = Oci.sha256(image);
    for (String repo : List.of("damaged/a", "damaged/b")) {
      oci.pushBlob(repo, config);
      oci.pushBlob(repo, layer);
      assertThat(oci.send("PUT", "/v2/" + repo + "/manifests/v1", image, Oci.MANIFEST)
          .statusCode()).isEqualTo(201);
    }
    // a's copy of the manifest replaced behind the registry's back (a new file, b's stays whole)
    java.nio.file.Path file = REGISTRY.root()
        .resolve("damaged/a/blobs/sha256/" + manifest.substring(7));
    java.nio.file.Path broken = file.resolveSibling("broken.tmp");
    java.nio.file.Files.writeString(broken, "{\"broken");
    java.nio.file.Files.move(broken, file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // a restart: nothing of either copy is remembered, each is read from its own file
    REGISTRY.stop();
    REGISTRY.start();
    oci = new Oci(REGISTRY.uri());

    Thread.sleep(5_000); // past the delay: GC has run many times over both repositories
    assertThat(status(oci, "/v2/damaged/b/manifests/v1")).isEqualTo(200);
    assertThat(status(oci, "/v2/damaged/b/blobs/" + layerDigest)).isEqualTo(200);
    // what a's broken manifest referenced is unknown, so nothing of a is removed either
    assertThat(status(oci, "/v2/damaged/a/blobs/" + layerDigest)).isEqualTo(200);
  }

  @Test
  void aSlowClientThatPushesItsManifestLastNeverLosesALayer() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    String c = oci.pushBlob("slow/app", config);
    List<String> layers = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread.sleep(350); // GC runs several times between two layers
      byte[] layer = random(50_000, 100 + i);
      layers.add(oci.pushBlob("slow/app", layer));
      sizes.add((long) layer.length);
    }
    Thread.sleep(200);

    byte[] manifest = Oci.manifest(c, config.length, layers, sizes);
    int pushed = oci.send("PUT", "/v2/slow/app/manifests/v1", manifest, Oci.MANIFEST)
        .statusCode();

    assertThat(pushed).isEqualTo(201);
    Thread.sleep(4_500); // past the delay: referenced blobs still stay
    for (String layer : layers) {
      assertThat(status(oci, "/v2/slow/app/blobs/" + layer)).isEqualTo(200);
    }
  }

  @Test
  void removesUnreferencedBlobsAndUntaggedManifestsOnceOlderThanTheDelay() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    String orphan = oci.pushBlob("gc/app", random(10_000, 7));
    byte[] firstLayer = random(20_000, 8);
    String first = oci.pushImage("gc/app", "latest", firstLayer);
    String firstLayerDigest = Oci.sha256(firstLayer);
    String second = oci.pushImage("gc/app", "latest", random(20_000, 9));

    assertThat(status(oci, "/v2/gc/app/blobs/" + orphan)).isEqualTo(200);
    eventually(() -> status(oci, "/v2/gc/app/blobs/" + orphan) == 404);
    eventually(() -> status(oci, "/v2/gc/app/manifests/" + first) == 404);
    eventually(() -> status(oci, "/v2/gc/app/blobs/" + firstLayerDigest) == 404);
    assertThat(status(oci, "/v2/gc/app/manifests/" + second)).isEqualTo(200);
    assertThat(status(oci, "/v2/gc/app/manifests/latest")).isEqualTo(200);
  }

  @Test
  void removesAReferrerWhoseSubjectIsGone() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    String subject = oci.pushImage("ref/app", "v1", random(5_000, 11));
    long subjectSize = oci.send("GET", "/v2/ref/app/manifests/v1", null, null).body().length;
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    String emptyDigest = oci.pushBlob("ref/app", empty);
    byte[] referrer = ("{\"schemaVersion\":2,\"mediaType\":\"" + Oci.MANIFEST + "\","
        + "\"artifactType\":\"application/x.sig\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + emptyDigest
        + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + Oci.MANIFEST
        + "\",\"digest\":\"" + subject + "\",\"size\":" + subjectSize + "}}")
        .getBytes(StandardCharsets.UTF_8);
    String referrerDigest = Oci.sha256(referrer);
    assertThat(oci.send("PUT", "/v2/ref/app/manifests/" + referrerDigest, referrer,
        Oci.MANIFEST).statusCode()).isEqualTo(201);
    Thread.sleep(4_500);
    assertThat(status(oci, "/v2/ref/app/manifests/" + referrerDigest)).isEqualTo(200);

    assertThat(oci.send("DELETE", "/v2/ref/app/manifests/" + subject, null, null)
        .statusCode()).isEqualTo(202);

    eventually(() -> status(oci, "/v2/ref/app/manifests/" + referrerDigest) == 404);
  }
}

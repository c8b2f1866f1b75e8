package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A push into a full disk, end to end: the client gets an OCI error (507 STORAGE_FULL with an
 * error id), no part of the blob is left in the repository's blobs or upload sessions, what was
 * stored before stays whole, and once there is room the same push succeeds. Subclasses make
 * the disk full: a real small file system, or a budget under the store.
 */
abstract class FullDisk {

  static final int LAYER = 3 << 20;

  /** The running registry, whose storage root is on the medium the subclass fills. */
  abstract TestRegistry registry();

  /** Its storage root. */
  Path root() {
    return registry().root();
  }

  /** Leaves at most {@code bytes} free for the store. */
  abstract void fill(long bytes) throws Exception;

  /** Gives the room back. */
  abstract void free() throws Exception;

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void assertStorageFull(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(507);
    JsonNode error = new ObjectMapper().readTree(r.body()).path("errors").path(0);
    assertThat(error.path("code").asText()).isEqualTo("STORAGE_FULL");
    assertThat(error.path("detail").path("errorId").asText()).isNotBlank();
  }

  /** Files under the repository that hold any byte of an upload or of the blob. */
  private List<Path> leftovers(String repo, String digest) throws Exception {
    Path dir = root().resolve(repo);
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().contains("/.uploads/") || p.getFileName().toString()
              .contains(digest.substring(7)) || p.getFileName().toString().endsWith(".tmp"))
          .filter(p -> p.toFile().length() > 0)
          .toList();
    }
  }

  @Test
  void aPushIntoAFullDiskFailsCleanlyAndSucceedsOnceThereIsRoom() throws Exception {
    Oci oci = new Oci(registry().uri());
    byte[] keptLayer = random(256 * 1024, 1);
    String kept = oci.pushImage("full/kept", "v1", keptLayer);
    byte[] keptManifest = oci.send("GET", "/v2/full/kept/manifests/v1", null, null).body();
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}"
        .getBytes(StandardCharsets.UTF_8);
    String configDigest = oci.pushBlob("full/app", config);
    byte[] layer = random(LAYER, 2);
    String digest = Oci.sha256(layer);

    fill(1 << 20);

    // a whole blob in one request
    assertStorageFull(oci.send("POST", "/v2/full/app/blobs/uploads/?digest=" + digest, layer,
        "application/octet-stream"));
    assertThat(leftovers("full/app", digest)).isEmpty();
    assertThat(oci.getBlob("full/app", digest).statusCode()).isEqualTo(404);

    // a streamed chunk: the session loses the chunk, keeps no byte of it, and can be dropped
    HttpResponse<byte[]> session = oci.send("POST", "/v2/full/app/blobs/uploads/", null, null);
    assertThat(session.statusCode()).isEqualTo(202);
    String location = session.headers().firstValue("Location").orElseThrow();
    assertStorageFull(oci.send("PATCH", location, layer, "application/octet-stream"));
    assertThat(leftovers("full/app", digest)).isEmpty();
    assertThat(oci.send("DELETE", location, null, null).statusCode()).isEqualTo(204);

    // a manifest that does not fit: no tag, index.json as it was
    Path index = root().resolve("full/app/index.json");
    byte[] indexBefore = Files.readAllBytes(index);
    fill(0);
    byte[] small = random(1000, 3);
    byte[] manifest = Oci.manifest(configDigest, config.length, List.of(), List.of());
    assertStorageFull(oci.send("PUT", "/v2/full/app/manifests/v0", manifest, Oci.MANIFEST));
    assertThat(oci.send("GET", "/v2/full/app/manifests/v0", null, null).statusCode())
        .isEqualTo(404);
    assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);

    free();

    // the very same push now succeeds, and what was there is whole
    assertThat(oci.pushBlob("full/app", layer)).isEqualTo(digest);
    assertThat(oci.getBlob("full/app", digest).body()).isEqualTo(layer);
    assertThat(oci.send("PUT", "/v2/full/app/manifests/v0", manifest, Oci.MANIFEST)
        .statusCode()).isEqualTo(201);
    oci.pushBlob("full/app", small);
    assertThat(oci.send("GET", "/v2/full/kept/manifests/v1", null, null).body())
        .isEqualTo(keptManifest);
    assertThat(Oci.sha256(keptManifest)).isEqualTo(kept);
    assertThat(oci.getBlob("full/kept", Oci.sha256(keptLayer)).body()).isEqualTo(keptLayer);
    assertThat(oci.send("GET", "/v2/_catalog", null, null).statusCode()).isEqualTo(200);
  }
}

package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dedupe (on by default): equal blobs of one root share their bytes; deletes stay local. */
class DedupeTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static Object inode(Path file) throws Exception {
    return Files.getAttribute(file, "unix:ino");
  }

  private static Path blobFile(String repo, String digest) {
    return REGISTRY.root().resolve(repo).resolve("blobs/sha256")
        .resolve(digest.substring("sha256:".length()));
  }

  @Test
  void aLayerPushedToManyRepositoriesIsStoredOnce() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = random(1 << 20, 1);
    Set<Object> inodes = new HashSet<>();
    String digest = null;
    for (int i = 0; i < 20; i++) {
      digest = oci.pushBlob("many/r" + i, layer);
      inodes.add(inode(blobFile("many/r" + i, digest)));
    }

    assertThat(inodes).hasSize(1);
    assertThat(REGISTRY.root().resolve(".zotj-dedupe.cmap")).exists();
    assertThat(oci.getBlob("many/r19", digest).body()).isEqualTo(layer);
  }

  @Test
  void aMountSharesTheBytesAndADeleteInOneRepositoryLeavesTheOther() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = random(300_000, 2);
    String digest = oci.pushBlob("del/a", layer);

    assertThat(oci.mount("del/b", digest, "del/a")).isEqualTo(201);
    assertThat(inode(blobFile("del/b", digest))).isEqualTo(inode(blobFile("del/a", digest)));

    assertThat(oci.send("DELETE", "/v2/del/b/blobs/" + digest, null, null).statusCode())
        .isEqualTo(202);
    assertThat(oci.getBlob("del/b", digest).statusCode()).isEqualTo(404);
    assertThat(oci.getBlob("del/a", digest).body()).isEqualTo(layer);

    // a new push to b after the delete shares again with a
    oci.pushBlob("del/b", layer);
    assertThat(inode(blobFile("del/b", digest))).isEqualTo(inode(blobFile("del/a", digest)));
  }

  @Test
  void aMountWithoutSourceFindsTheBlobThroughTheIndex() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = random(1000, 3);
    String digest = oci.pushBlob("anywhere/a", layer);

    int status = oci.send("POST", "/v2/anywhere/b/blobs/uploads/?mount=" + digest, null, null)
        .statusCode();

    assertThat(status).isEqualTo(201);
    assertThat(oci.getBlob("anywhere/b", digest).body()).isEqualTo(layer);
  }

  @Test
  void aLayerInAHundredRepositoriesStaysSharedWhicheverOneIsLeft() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = random(64 * 1024, 4);
    String digest = null;
    for (int i = 0; i < 100; i++) {
      digest = oci.pushBlob("hundred/r" + i, layer);
    }
    Object inode = inode(blobFile("hundred/r0", digest));

    for (int i = 0; i < 100; i++) {
      if (i != 50) {
        assertThat(oci.send("DELETE", "/v2/hundred/r" + i + "/blobs/" + digest, null, null)
            .statusCode()).isEqualTo(202);
      }
    }

    assertThat(oci.getBlob("hundred/r50", digest).body()).isEqualTo(layer);
    // the index still knows r50's copy, so a new repository shares it instead of a new copy
    oci.pushBlob("hundred/new", layer);
    assertThat(inode(blobFile("hundred/new", digest))).isEqualTo(inode)
        .isEqualTo(inode(blobFile("hundred/r50", digest)));
  }
}

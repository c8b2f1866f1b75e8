package io.zotj.service.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Byte-for-byte comparisons of what a client wrote out with the {@link ImageLayout}. */
final class ImageAssertions {

  static final ObjectMapper JSON = JsonMapper.builder().build();

  private ImageAssertions() {}

  /** The digest that an OCI layout's index.json gives {@code tag}. */
  static String taggedDigest(Path layout, String tag) throws IOException {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    List<String> found = new ArrayList<>();
    for (JsonNode d : index.get("manifests")) {
      if (tag.equals(d.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        found.add(d.get("digest").asText());
      }
    }
    assertThat(found).as("descriptors tagged %s in %s", tag, layout).hasSize(1);
    return found.get(0);
  }

  /** The blob {@code digest} of an OCI layout, checked against its name. */
  static byte[] ociBlob(Path layout, String digest) throws IOException {
    byte[] bytes = Files.readAllBytes(layout.resolve("blobs/sha256")
        .resolve(ImageLayout.hex(digest)));
    assertThat(ImageLayout.sha256(bytes)).as("content of blob %s", digest).isEqualTo(digest);
    return bytes;
  }

  /** {@code out} (an OCI layout) holds {@code image} under {@code tag}, every byte the same. */
  static void assertLayoutHolds(Path out, String tag, ImageLayout.Image image)
      throws IOException {
    assertThat(taggedDigest(out, tag)).isEqualTo(image.manifest());
    assertLayoutHoldsImage(out, image);
  }

  /** {@code out} holds the manifest and every blob of {@code image}, byte for byte. */
  static void assertLayoutHoldsImage(Path out, ImageLayout.Image image) throws IOException {
    ImageLayout fixture = ImageLayout.shared();
    assertThat(ociBlob(out, image.manifest())).isEqualTo(fixture.blob(image.manifest()));
    for (String blob : image.blobs()) {
      assertThat(Files.mismatch(out.resolve("blobs/sha256").resolve(ImageLayout.hex(blob)),
          fixture.blobPath(blob))).as("blob %s", blob).isEqualTo(-1L);
    }
  }

  /**
   * {@code dir} (skopeo's {@code dir:} format) holds exactly {@code manifest} and the blobs
   * it names, each byte for byte equal to the fixture's blob of the same digest.
   */
  static void assertDirHolds(Path dir, byte[] manifest, List<String> blobs) throws IOException {
    ImageLayout fixture = ImageLayout.shared();
    assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(manifest);
    for (String blob : blobs) {
      assertThat(Files.mismatch(dir.resolve(ImageLayout.hex(blob)), fixture.blobPath(blob)))
          .as("blob %s", blob).isEqualTo(-1L);
    }
  }

  /** The config digest and the layer digests that a manifest names. */
  static List<String> blobsOf(byte[] manifest) throws IOException {
    JsonNode node = JSON.readTree(manifest);
    List<String> blobs = new ArrayList<>();
    blobs.add(node.get("config").get("digest").asText());
    node.get("layers").forEach(layer -> blobs.add(layer.get("digest").asText()));
    return blobs;
  }

  /** The text values of a JSON array, in order. */
  static java.util.List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
    java.util.List<String> out = new java.util.ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }
}

package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** subPaths route repositories by prefix to roots of their own; the catalog lists them all. */
class SubPathsTest {

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.withStorage("""
      subPaths:
        /a:
          rootDirectory: "%ROOT%/sub-a"
        /b:
          rootDirectory: "%ROOT%/sub-b"
          dedupe: false
      """, "");

  @Test
  void routesEachRepositoryToTheRootOfItsPrefix() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());
    byte[] layer = new byte[100_000];
    new Random(1).nextBytes(layer);
    oci.pushImage("a/app", "v1", layer);
    oci.pushImage("b/app", "v1", layer);
    oci.pushImage("plain/app", "v1", layer);
    String digest = Oci.sha256(layer);

    assertThat(REGISTRY.folder().resolve("sub-a/a/app/index.json")).exists();
    assertThat(REGISTRY.folder().resolve("sub-b/b/app/index.json")).exists();
    assertThat(REGISTRY.root().resolve("plain/app/index.json")).exists();
    assertThat(REGISTRY.root().resolve("a")).doesNotExist();
    assertThat(REGISTRY.folder().resolve("sub-a/.zotj-dedupe.cmap")).exists();

    String catalog = new String(oci.send("GET", "/v2/_catalog", null, null).body(),
        StandardCharsets.UTF_8);
    assertThat(catalog).contains("\"a/app\"").contains("\"b/app\"").contains("\"plain/app\"");

    // across roots a mount copies the bytes
    assertThat(oci.mount("a/copy", digest, "plain/app")).isEqualTo(201);
    assertThat(Files.readAllBytes(REGISTRY.folder().resolve("sub-a/a/copy/blobs/sha256/"
        + digest.substring(7)))).isEqualTo(layer);
    assertThat(oci.getBlob("a/copy", digest).body()).isEqualTo(layer);
  }
}

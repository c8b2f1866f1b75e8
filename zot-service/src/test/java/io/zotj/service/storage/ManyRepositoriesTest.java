package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zotj.service.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store of thousands of repositories, laid out on disk as zot leaves them (each an OCI image
 * layout; files hard-linked from one template to be quick), starts and serves a manifest and the
 * catalog. The figure for how fast is in docs/BENCHMARKS.md; this test only proves it works.
 */
class ManyRepositoriesTest {

  private static final int REPOSITORIES = 3000;
  private static final byte[] CONFIG =
      "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LAYER = "a layer of the template image".getBytes(
      StandardCharsets.UTF_8);
  private static String manifestDigest;

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.zot(dir -> {
    try {
      layOut(dir.resolve("storage"), dir.resolve("template"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return """
        storage: {rootDirectory: "%s"}
        http: {address: 127.0.0.1, port: 0}
        log: {level: info}
        """.formatted(dir.resolve("storage"));
  });

  /** One template repository's files, then each repository as hard links to them. */
  static void layOut(Path root, Path template) throws Exception {
    byte[] manifest = Oci.manifest(Oci.sha256(CONFIG), CONFIG.length,
        List.of(Oci.sha256(LAYER)), List.of((long) LAYER.length));
    manifestDigest = Oci.sha256(manifest);
    byte[] index = ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + Oci.MANIFEST
        + "\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}")
        .getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(template);
    Path blobs = Files.createDirectories(template.resolve("blobs/sha256"));
    for (byte[] blob : List.of(CONFIG, LAYER, manifest)) {
      Files.write(blobs.resolve(Oci.sha256(blob).substring(7)), blob);
    }
    Files.write(template.resolve("index.json"), index);
    Files.writeString(template.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    List<String> names = List.of("oci-layout", "index.json");
    List<String> blobNames;
    try (var list = Files.list(blobs)) {
      blobNames = list.map(p -> p.getFileName().toString()).toList();
    }
    for (int i = 0; i < REPOSITORIES; i++) {
      Path repo = root.resolve("team" + (i % 30) + "/app" + i);
      Path repoBlobs = Files.createDirectories(repo.resolve("blobs/sha256"));
      for (String name : names) {
        Files.createLink(repo.resolve(name), template.resolve(name));
      }
      for (String name : blobNames) {
        Files.createLink(repoBlobs.resolve(name), blobs.resolve(name));
      }
    }
  }

  @Test
  void startsOnThousandsOfRepositoriesAndServesTheirManifestsAndTheCatalog() throws Exception {
    Oci oci = new Oci(REGISTRY.uri());

    var manifest = oci.send("GET", "/v2/team7/app2977/manifests/v1", null, null);
    assertThat(manifest.statusCode()).isEqualTo(200);
    assertThat(Oci.sha256(manifest.body())).isEqualTo(manifestDigest);
    assertThat(oci.getBlob("team0/app0", Oci.sha256(LAYER)).body()).isEqualTo(LAYER);

    var catalog = oci.send("GET", "/v2/_catalog?n=" + (REPOSITORIES + 10), null, null);
    assertThat(catalog.statusCode()).isEqualTo(200);
    JsonNode names = new ObjectMapper().readTree(catalog.body()).path("repositories");
    assertThat(names.size()).isEqualTo(REPOSITORIES);
    assertThat(names.toString()).contains("\"team29/app2999\"").contains("\"team0/app0\"");

    // paging through the catalog meets every repository once
    int seen = 0;
    String next = "/v2/_catalog?n=1000";
    while (next != null) {
      var page = oci.send("GET", next, null, null);
      seen += new ObjectMapper().readTree(page.body()).path("repositories").size();
      next = page.headers().firstValue("Link").map(l -> l.substring(l.indexOf('<') + 1,
          l.indexOf('>'))).orElse(null);
    }
    assertThat(seen).isEqualTo(REPOSITORIES);
  }

}

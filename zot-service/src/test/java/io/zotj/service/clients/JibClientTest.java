package io.zotj.service.clients;

import static io.zotj.service.clients.ImageAssertions.JSON;
import static io.zotj.service.clients.ImageAssertions.blobsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.zotj.service.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * jib-core 0.28 against the registry: builds on a base image that skopeo pushed here, adds a
 * layer of files, pushes in Docker and OCI formats and pulls the result back.
 */
class JibClientTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  @TempDir static Path shared;

  private static final ImageLayout LAYOUT = ImageLayout.shared();
  private static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  private static final String GREETING = "hello from a jib layer\n";
  private static RegistryHttp http;

  @TempDir Path tmp;

  @BeforeAll
  static void pushBaseImages() {
    http = new RegistryHttp(REGISTRY.uri());
    Processes processes = new Processes(shared.resolve("home"), Duration.ofSeconds(60));
    processes.run("skopeo", "copy", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.IMAGE_TAG,
        "docker://" + REGISTRY.hostPort() + "/jib/base:" + ImageLayout.IMAGE_TAG).ok();
    processes.run("skopeo", "copy", "--all", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.INDEX_TAG,
        "docker://" + REGISTRY.hostPort() + "/jib/base:" + ImageLayout.INDEX_TAG).ok();
  }

  @Test
  void pushesADockerFormatImageOnABaseFromThisRegistry() throws Exception {
    JibContainer pushed = build("jib/base:" + ImageLayout.IMAGE_TAG, ImageFormat.Docker,
        "jib/app:docker");

    assertPushed("jib/app", "docker", pushed, DOCKER_MANIFEST);
    assertPulledByJib("jib/app:docker");
    assertReadableFromDisk("jib/app", "docker");
  }

  @Test
  void pushesAnOciFormatImageOnATwoPlatformBaseFromThisRegistry() throws Exception {
    JibContainer pushed = build("jib/base:" + ImageLayout.INDEX_TAG, ImageFormat.OCI,
        "jib/app:oci");

    assertPushed("jib/app", "oci", pushed, ImageLayout.OCI_MANIFEST);
    assertPulledByJib("jib/app:oci");
    assertReadableFromDisk("jib/app", "oci");
  }

  private JibContainer build(String base, ImageFormat format, String target) throws Exception {
    Path files = Files.createDirectories(tmp.resolve("files"));
    Files.writeString(files.resolve("greeting.txt"), GREETING);
    Files.write(files.resolve("random.bin"), new java.util.Random(7).ints(4096)
        .collect(StringBuilder::new, StringBuilder::append, StringBuilder::append)
        .toString().getBytes(StandardCharsets.US_ASCII));
    return Jib.from(registryImage(base))
        .addLayer(List.of(files.resolve("greeting.txt"), files.resolve("random.bin")),
            AbsoluteUnixPath.get("/app"))
        .setFormat(format)
        .containerize(containerizer(Containerizer.to(registryImage(target))));
  }

  /** The registry serves what jib says it pushed: base layers unchanged plus the new layer. */
  private void assertPushed(String repository, String tag, JibContainer pushed,
      String mediaType) throws IOException {
    RegistryHttp.Answer manifest = http.manifest(repository, tag);
    assertThat(manifest.status()).isEqualTo(200);
    assertThat(manifest.contentType()).hasValue(mediaType);
    assertThat(manifest.digest()).hasValue(pushed.getDigest().toString());
    assertThat(ImageLayout.sha256(manifest.body())).isEqualTo(pushed.getDigest().toString());
    assertThat(JSON.readTree(manifest.body()).get("mediaType").asText()).isEqualTo(mediaType);

    List<String> blobs = blobsOf(manifest.body());
    assertThat(blobs.get(0)).isEqualTo(pushed.getImageId().toString());
    assertThat(blobs.subList(1, blobs.size() - 1)).isEqualTo(LAYOUT.amd64().layers());

    JsonNode config = JSON.readTree(fetchBlob(repository, blobs.get(0)));
    List<String> diffIds = new ArrayList<>();
    config.get("rootfs").get("diff_ids").forEach(d -> diffIds.add(d.asText()));
    assertThat(diffIds.subList(0, diffIds.size() - 1)).isEqualTo(LAYOUT.diffIds());
    assertThat(config.get("architecture").asText()).isEqualTo("amd64");

    byte[] added = fetchBlob(repository, blobs.get(blobs.size() - 1));
    byte[] tar;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(added))) {
      tar = in.readAllBytes();
    }
    assertThat(ImageLayout.sha256(tar)).isEqualTo(diffIds.get(diffIds.size() - 1));
    assertThat(new String(tar, StandardCharsets.US_ASCII)).contains("app/greeting.txt")
        .contains(GREETING);
  }

  /** jib pulls the pushed image into a tarball whose layers have the digests pushed. */
  private void assertPulledByJib(String reference) throws Exception {
    Path tarball = tmp.resolve("pulled.tar");
    Jib.from(registryImage(reference)).containerize(containerizer(
        Containerizer.to(TarImage.at(tarball).named("pulled:latest"))));

    byte[] manifest = http.manifest(reference.substring(0, reference.indexOf(':')),
        reference.substring(reference.indexOf(':') + 1)).body();
    List<String> layers = blobsOf(manifest);
    assertThat(entryDigests(tarball)).containsAll(layers.subList(1, layers.size()));
  }

  /**
   * The repository's folder in the storage root is an OCI layout holding the manifest under its
   * tag and every blob, including the base layers jib mounted from another repository. skopeo's
   * {@code oci:} transport reads it too, but only for OCI manifests: it skips descriptors of
   * Docker media types in index.json (zot stores them the same way).
   */
  private void assertReadableFromDisk(String repository, String tag) throws IOException {
    Path layout = REGISTRY.root().resolve(repository);
    byte[] manifest = http.manifest(repository, tag).body();
    assertThat(ImageAssertions.taggedDigest(layout, tag)).isEqualTo(ImageLayout.sha256(manifest));
    assertThat(ImageAssertions.ociBlob(layout, ImageLayout.sha256(manifest))).isEqualTo(manifest);
    for (String blob : blobsOf(manifest)) {
      ImageAssertions.ociBlob(layout, blob);
    }
    if (JSON.readTree(manifest).get("mediaType").asText().equals(ImageLayout.OCI_MANIFEST)) {
      Path dir = tmp.resolve("from-disk-" + tag);
      new Processes(tmp.resolve("home"), Duration.ofSeconds(60)).run("skopeo", "copy",
          "oci:" + layout + ":" + tag, "dir:" + dir).ok();
      assertThat(dir.resolve("manifest.json")).hasBinaryContent(manifest);
    }
  }

  private byte[] fetchBlob(String repository, String digest) {
    RegistryHttp.Answer blob = http.blob(repository, digest);
    assertThat(blob.status()).isEqualTo(200);
    assertThat(ImageLayout.sha256(blob.body())).isEqualTo(digest);
    return blob.body();
  }

  private Containerizer containerizer(Containerizer containerizer) {
    return containerizer.setAllowInsecureRegistries(true)
        .setBaseImageLayersCache(tmp.resolve("base-cache"))
        .setApplicationLayersCache(tmp.resolve("app-cache"))
        .setToolName("zot-client-test");
  }

  private static RegistryImage registryImage(String repositoryAndTag) throws Exception {
    return RegistryImage.named(ImageReference.parse(REGISTRY.hostPort() + "/"
        + repositoryAndTag));
  }

  /** The sha256 of every file in a tar archive (read with the ustar header layout). */
  private static Set<String> entryDigests(Path tarball) throws IOException {
    byte[] tar = Files.readAllBytes(tarball);
    Set<String> digests = new HashSet<>();
    int offset = 0;
    while (offset + 512 <= tar.length && tar[offset] != 0) {
      String sizeField = new String(tar, offset + 124, 12, StandardCharsets.US_ASCII).trim();
      long size = Long.parseLong(sizeField.replace("\0", ""), 8);
      int start = offset + 512;
      digests.add(ImageLayout.sha256(java.util.Arrays.copyOfRange(tar, start,
          start + (int) size)));
      offset = start + (int) ((size + 511) / 512 * 512);
    }
    return digests;
  }
}

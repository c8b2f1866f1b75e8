package io.zotj.service.clients;

import static io.zotj.service.clients.ImageAssertions.JSON;
import static io.zotj.service.clients.ImageAssertions.assertDirHolds;
import static io.zotj.service.clients.ImageAssertions.assertLayoutHolds;
import static io.zotj.service.clients.ImageAssertions.assertLayoutHoldsImage;
import static io.zotj.service.clients.ImageAssertions.blobsOf;
import static io.zotj.service.clients.ImageAssertions.taggedDigest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zotj.service.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** skopeo 1.9 against the registry: push, pull, inspect, list tags, delete, v2s2, on-disk. */
class SkopeoClientTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  @TempDir static Path home;

  private static final ImageLayout LAYOUT = ImageLayout.shared();
  private static Processes processes;
  private static RegistryHttp http;

  @TempDir Path out;

  @BeforeAll
  static void clients() {
    processes = new Processes(home, Duration.ofSeconds(60));
    http = new RegistryHttp(REGISTRY.uri());
  }

  @Test
  void pushesAMultiLayerImageAndPullsItBackByteForByte() throws Exception {
    String ref = push("skopeo/image", ImageLayout.IMAGE_TAG);

    RegistryHttp.Answer served = http.manifest("skopeo/image", ImageLayout.IMAGE_TAG);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(LAYOUT.blob(LAYOUT.amd64().manifest()));
    assertThat(served.digest()).hasValue(LAYOUT.amd64().manifest());
    assertThat(served.contentType()).hasValue(ImageLayout.OCI_MANIFEST);

    skopeo("copy", "--src-tls-verify=false", ref, "oci:" + out + ":pulled");
    assertLayoutHolds(out, "pulled", LAYOUT.amd64());
  }

  @Test
  void pushesAndPullsTheTwoPlatformIndexWithAll() throws Exception {
    skopeo("copy", "--all", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.INDEX_TAG,
        "docker://" + REGISTRY.hostPort() + "/skopeo/multiarch:" + ImageLayout.INDEX_TAG);

    RegistryHttp.Answer served = http.manifest("skopeo/multiarch", ImageLayout.INDEX_TAG);
    assertThat(served.contentType()).hasValue(ImageLayout.OCI_INDEX);
    assertThat(served.digest()).hasValue(LAYOUT.index());

    skopeo("copy", "--all", "--src-tls-verify=false",
        "docker://" + REGISTRY.hostPort() + "/skopeo/multiarch:" + ImageLayout.INDEX_TAG,
        "oci:" + out + ":pulled");
    assertThat(taggedDigest(out, "pulled")).isEqualTo(LAYOUT.index());
    assertThat(ImageAssertions.ociBlob(out, LAYOUT.index()))
        .isEqualTo(LAYOUT.blob(LAYOUT.index()));
    assertLayoutHoldsImage(out, LAYOUT.amd64());
    assertLayoutHoldsImage(out, LAYOUT.arm64());

    String ref = "docker://" + REGISTRY.hostPort() + "/skopeo/multiarch:"
        + ImageLayout.INDEX_TAG;
    assertThat(skopeo("inspect", "--raw", "--tls-verify=false", ref)
        .getBytes(StandardCharsets.UTF_8)).isEqualTo(LAYOUT.blob(LAYOUT.index()));
    JsonNode inspected = JSON.readTree(skopeo("inspect", "--tls-verify=false",
        "--override-arch", "arm64", ref));
    assertThat(inspected.get("Digest").asText()).isEqualTo(LAYOUT.index());
    assertThat(inspected.get("Architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void pushesTheIndexAsADockerManifestListAndPullsItBackIdentical() throws Exception {
    String ref = "docker://" + REGISTRY.hostPort() + "/skopeo/list:v2s2";
    skopeo("copy", "--all", "--format", "v2s2", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.INDEX_TAG, ref);

    RegistryHttp.Answer served = http.manifest("skopeo/list", "v2s2");
    assertThat(served.contentType())
        .hasValue("application/vnd.docker.distribution.manifest.list.v2+json");
    assertThat(served.digest()).hasValue(ImageLayout.sha256(served.body()));

    Path dir = out.resolve("dir");
    skopeo("copy", "--all", "--src-tls-verify=false", ref, "dir:" + dir);
    assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(served.body());
    JsonNode list = JSON.readTree(served.body());
    assertThat(list.get("manifests")).hasSize(2);
    for (JsonNode entry : list.get("manifests")) {
      String digest = entry.get("digest").asText();
      byte[] child = http.manifest("skopeo/list", digest).body();
      assertThat(ImageLayout.sha256(child)).isEqualTo(digest);
      assertThat(dir.resolve(ImageLayout.hex(digest) + ".manifest.json")).hasBinaryContent(child);
      List<String> blobs = blobsOf(child);
      assertThat(blobs.subList(1, blobs.size())).isEqualTo(LAYOUT.amd64().layers());
      for (String blob : blobs) {
        assertThat(ImageLayout.sha256(Files.readAllBytes(dir.resolve(ImageLayout.hex(blob)))))
            .isEqualTo(blob);
      }
    }
  }

  @Test
  void keepsPushedImagesAcrossARestart() throws Exception {
    push("skopeo/restarted", ImageLayout.IMAGE_TAG);

    REGISTRY.stop();
    REGISTRY.start();
    http = new RegistryHttp(REGISTRY.uri());

    String ref = "docker://" + REGISTRY.hostPort() + "/skopeo/restarted:"
        + ImageLayout.IMAGE_TAG;
    skopeo("copy", "--src-tls-verify=false", ref, "oci:" + out + ":pulled");
    assertLayoutHolds(out, "pulled", LAYOUT.amd64());
  }

  @Test
  void inspectShowsThePushedDigestAndTheRawManifest() throws Exception {
    String ref = push("skopeo/inspected", ImageLayout.IMAGE_TAG);

    JsonNode inspected = JSON.readTree(skopeo("inspect", "--tls-verify=false", ref));
    assertThat(inspected.get("Digest").asText()).isEqualTo(LAYOUT.amd64().manifest());
    assertThat(ImageAssertions.texts(inspected.get("Layers"))).isEqualTo(LAYOUT.amd64().layers());
    assertThat(inspected.get("Architecture").asText()).isEqualTo("amd64");

    String raw = skopeo("inspect", "--raw", "--tls-verify=false", ref);
    assertThat(raw.getBytes(StandardCharsets.UTF_8))
        .isEqualTo(LAYOUT.blob(LAYOUT.amd64().manifest()));

    String config = skopeo("inspect", "--raw", "--config", "--tls-verify=false", ref);
    assertThat(config.getBytes(StandardCharsets.UTF_8))
        .isEqualTo(LAYOUT.blob(LAYOUT.amd64().config()));
  }

  @Test
  void listTagsListsEveryPushedTag() throws Exception {
    push("skopeo/tagged", ImageLayout.IMAGE_TAG);
    skopeo("copy", "--dest-tls-verify=false",
        "docker://" + REGISTRY.hostPort() + "/skopeo/tagged:" + ImageLayout.IMAGE_TAG,
        "docker://" + REGISTRY.hostPort() + "/skopeo/tagged:second", "--src-tls-verify=false");

    JsonNode listed = JSON.readTree(skopeo("list-tags", "--tls-verify=false",
        "docker://" + REGISTRY.hostPort() + "/skopeo/tagged"));
    assertThat(listed.get("Repository").asText()).endsWith("/skopeo/tagged");
    assertThat(ImageAssertions.texts(listed.get("Tags")))
        .containsExactlyInAnyOrder(ImageLayout.IMAGE_TAG, "second");
  }

  @Test
  void concurrentPushesOfDifferentTagsToOneRepositoryKeepEveryTag() throws Exception {
    List<String> tags = List.of("one", "two", "three", "four");
    List<CompletableFuture<String>> pushes = new ArrayList<>();
    for (String tag : tags) {
      String source = tag.equals("two") ? ImageLayout.INDEX_TAG : ImageLayout.IMAGE_TAG;
      pushes.add(CompletableFuture.supplyAsync(() -> skopeo("copy", "--all",
          "--dest-tls-verify=false", "oci:" + LAYOUT.dir() + ":" + source,
          "docker://" + REGISTRY.hostPort() + "/skopeo/concurrent:" + tag)));
    }
    CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).get();

    JsonNode listed = JSON.readTree(skopeo("list-tags", "--tls-verify=false",
        "docker://" + REGISTRY.hostPort() + "/skopeo/concurrent"));
    assertThat(ImageAssertions.texts(listed.get("Tags"))).containsExactlyInAnyOrderElementsOf(tags);
    for (String tag : tags) {
      String expected = tag.equals("two") ? LAYOUT.index() : LAYOUT.amd64().manifest();
      assertThat(http.manifest("skopeo/concurrent", tag).digest()).hasValue(expected);
      assertThat(taggedDigest(REGISTRY.root().resolve("skopeo/concurrent"), tag))
          .isEqualTo(expected);
    }
  }

  @Test
  void deletingATaggedManifestRemovesEveryTagOfIt() throws Exception {
    String first = push("skopeo/shared", "first");
    push("skopeo/shared", "second");

    skopeo("delete", "--tls-verify=false", first);

    for (String tag : List.of("first", "second")) {
      Processes.Result inspect = processes.run("skopeo", "inspect", "--tls-verify=false",
          "docker://" + REGISTRY.hostPort() + "/skopeo/shared:" + tag);
      assertThat(inspect.exitCode()).as(inspect.describe()).isNotZero();
    }
  }

  @Test
  void pushesZstdLayersAndPullsThemBackIdentical() throws Exception {
    Path zstd = out.resolve("zstd");
    skopeo("copy", "--dest-compress", "--dest-compress-format", "zstd",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.IMAGE_TAG, "oci:" + zstd + ":zstd");
    byte[] manifest = ImageAssertions.ociBlob(zstd, taggedDigest(zstd, "zstd"));
    for (JsonNode layer : JSON.readTree(manifest).get("layers")) {
      assertThat(layer.get("mediaType").asText())
          .isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    }
    String ref = "docker://" + REGISTRY.hostPort() + "/skopeo/zstd:zstd";

    skopeo("copy", "--dest-tls-verify=false", "oci:" + zstd + ":zstd", ref);

    RegistryHttp.Answer served = http.manifest("skopeo/zstd", "zstd");
    assertThat(served.body()).isEqualTo(manifest);
    Path dir = out.resolve("dir");
    skopeo("copy", "--src-tls-verify=false", ref, "dir:" + dir);
    assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(manifest);
    for (String blob : blobsOf(manifest)) {
      assertThat(Files.mismatch(dir.resolve(ImageLayout.hex(blob)),
          zstd.resolve("blobs/sha256").resolve(ImageLayout.hex(blob)))).isEqualTo(-1L);
    }
  }

  @Test
  void deleteRemovesTheManifestAndALaterInspectFails() throws Exception {
    String ref = push("skopeo/deleted", ImageLayout.IMAGE_TAG);

    skopeo("delete", "--tls-verify=false", ref);

    Processes.Result inspect = processes.run("skopeo", "inspect", "--tls-verify=false", ref);
    assertThat(inspect.exitCode()).as(inspect.describe()).isNotZero();
    assertThat(inspect.stderr()).containsIgnoringCase("manifest unknown");
    assertThat(http.headManifest("skopeo/deleted", LAYOUT.amd64().manifest()).status())
        .isEqualTo(404);
    assertThat(http.headManifest("skopeo/deleted", ImageLayout.IMAGE_TAG).status())
        .isEqualTo(404);
  }

  @Test
  void pushesDockerV2s2AndPullsItBackIdentical() throws Exception {
    String ref = "docker://" + REGISTRY.hostPort() + "/skopeo/v2s2:docker";
    skopeo("copy", "--format", "v2s2", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.IMAGE_TAG, ref);

    RegistryHttp.Answer served = http.manifest("skopeo/v2s2", "docker");
    assertThat(served.contentType())
        .hasValue("application/vnd.docker.distribution.manifest.v2+json");
    assertThat(served.digest()).hasValue(ImageLayout.sha256(served.body()));
    List<String> blobs = blobsOf(served.body());
    assertThat(blobs.subList(1, blobs.size())).isEqualTo(LAYOUT.amd64().layers());

    Path dir = out.resolve("dir");
    skopeo("copy", "--src-tls-verify=false", ref, "dir:" + dir);
    assertDirHolds(dir, served.body(), blobs.subList(1, blobs.size()));
    JsonNode inspected = JSON.readTree(skopeo("inspect", "--tls-verify=false", ref));
    assertThat(inspected.get("Digest").asText()).isEqualTo(served.digest().orElseThrow());
  }

  @Test
  void readsAPushedRepositoryStraightFromTheStorageRoot() throws Exception {
    push("skopeo/ondisk", ImageLayout.IMAGE_TAG);

    Path repo = REGISTRY.root().resolve("skopeo/ondisk");
    Path dir = out.resolve("dir");
    skopeo("copy", "oci:" + repo + ":" + ImageLayout.IMAGE_TAG, "dir:" + dir);
    assertDirHolds(dir, LAYOUT.blob(LAYOUT.amd64().manifest()), LAYOUT.amd64().blobs());
  }

  @Test
  void keepsARepositoryNestedInsideAnotherApart() throws Exception {
    String parent = push("skopeo/nest", "parent");
    skopeo("copy", "--all", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.INDEX_TAG,
        "docker://" + REGISTRY.hostPort() + "/skopeo/nest/child:child");

    assertThat(http.manifest("skopeo/nest", "parent").digest())
        .hasValue(LAYOUT.amd64().manifest());
    assertThat(http.manifest("skopeo/nest/child", "child").digest()).hasValue(LAYOUT.index());
    JsonNode catalog = JSON.readTree(http.get("/v2/_catalog").body());
    assertThat(ImageAssertions.texts(catalog.get("repositories")))
        .contains("skopeo/nest", "skopeo/nest/child");
    JsonNode tags = JSON.readTree(skopeo("list-tags", "--tls-verify=false",
        "docker://" + REGISTRY.hostPort() + "/skopeo/nest"));
    assertThat(ImageAssertions.texts(tags.get("Tags"))).containsExactly("parent");

    skopeo("copy", "--src-tls-verify=false", parent, "oci:" + out + ":pulled");
    assertLayoutHolds(out, "pulled", LAYOUT.amd64());
    Path fromDisk = out.resolve("from-disk");
    skopeo("copy", "oci:" + REGISTRY.root().resolve("skopeo/nest") + ":parent",
        "dir:" + fromDisk);
    assertDirHolds(fromDisk, LAYOUT.blob(LAYOUT.amd64().manifest()), LAYOUT.amd64().blobs());
  }

  @Test
  void readsAPushedIndexStraightFromTheStorageRoot() throws Exception {
    skopeo("copy", "--all", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.INDEX_TAG,
        "docker://" + REGISTRY.hostPort() + "/skopeo/ondisk-index:" + ImageLayout.INDEX_TAG);

    Path repo = REGISTRY.root().resolve("skopeo/ondisk-index");
    skopeo("copy", "--all", "oci:" + repo + ":" + ImageLayout.INDEX_TAG, "oci:" + out + ":x");
    assertThat(taggedDigest(out, "x")).isEqualTo(LAYOUT.index());
    assertLayoutHoldsImage(out, LAYOUT.amd64());
    assertLayoutHoldsImage(out, LAYOUT.arm64());
  }

  /** Pushes the amd64 image as {@code repository:tag}; returns its docker:// reference. */
  private static String push(String repository, String tag) {
    String ref = "docker://" + REGISTRY.hostPort() + "/" + repository + ":" + tag;
    skopeo("copy", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.IMAGE_TAG, ref);
    return ref;
  }

  private static String skopeo(String... args) {
    List<String> command = new ArrayList<>(List.of("skopeo"));
    command.addAll(List.of(args));
    return processes.run(command).ok();
  }
}

package io.zotj.service.clients;

import static io.zotj.service.clients.ImageAssertions.JSON;
import static io.zotj.service.clients.ImageAssertions.blobsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zotj.service.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman 4.3, as root with vfs storage in temporary folders: pulls what skopeo pushed, tags it
 * and pushes it to another repository.
 */
class PodmanClientTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final ImageLayout LAYOUT = ImageLayout.shared();

  @TempDir Path tmp;

  @Test
  void pullsTagsAndPushesAnImageKeepingConfigAndLayerDigests() throws Exception {
    Processes processes = new Processes(tmp.resolve("home"), Duration.ofSeconds(90));
    String source = REGISTRY.hostPort() + "/podman/source:" + ImageLayout.IMAGE_TAG;
    String target = REGISTRY.hostPort() + "/podman/target:retagged";
    processes.run("skopeo", "copy", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.IMAGE_TAG, "docker://" + source).ok();

    podman(processes, "pull", "--tls-verify=false", source);
    JsonNode pulled = JSON.readTree(podman(processes, "image", "inspect", source)).get(0);
    assertThat("sha256:" + pulled.get("Id").asText()).isEqualTo(LAYOUT.amd64().config());
    assertThat(pulled.get("Digest").asText()).isEqualTo(LAYOUT.amd64().manifest());
    assertThat(ImageAssertions.texts(pulled.get("RootFS").get("Layers")))
        .isEqualTo(LAYOUT.diffIds());

    podman(processes, "tag", source, target);
    podman(processes, "push", "--tls-verify=false", target);

    String raw = processes.run("skopeo", "inspect", "--raw", "--tls-verify=false",
        "docker://" + target).ok();
    assertThat(blobsOf(raw.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(LAYOUT.amd64().blobs());
    String config = processes.run("skopeo", "inspect", "--raw", "--config",
        "--tls-verify=false", "docker://" + target).ok();
    assertThat(config.getBytes(StandardCharsets.UTF_8))
        .isEqualTo(LAYOUT.blob(LAYOUT.amd64().config()));

    Path fromDisk = tmp.resolve("from-disk");
    processes.run("skopeo", "copy", "oci:" + REGISTRY.root().resolve("podman/target")
        + ":retagged", "dir:" + fromDisk).ok();
    assertThat(fromDisk.resolve("manifest.json")).hasBinaryContent(
        raw.getBytes(StandardCharsets.UTF_8));
    for (String blob : LAYOUT.amd64().blobs()) {
      assertThat(Files.mismatch(fromDisk.resolve(ImageLayout.hex(blob)), LAYOUT.blobPath(blob)))
          .isEqualTo(-1L);
    }
  }

  @Test
  void pullsThePlatformOfTheHostFromATwoPlatformIndex() throws Exception {
    Processes processes = new Processes(tmp.resolve("home"), Duration.ofSeconds(90));
    String source = REGISTRY.hostPort() + "/podman/index:" + ImageLayout.INDEX_TAG;
    processes.run("skopeo", "copy", "--all", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.INDEX_TAG, "docker://" + source).ok();

    podman(processes, "pull", "--tls-verify=false", "--arch", "arm64", source);

    JsonNode pulled = JSON.readTree(podman(processes, "image", "inspect", source)).get(0);
    assertThat("sha256:" + pulled.get("Id").asText()).isEqualTo(LAYOUT.arm64().config());
    assertThat(pulled.get("Architecture").asText()).isEqualTo("arm64");
    assertThat(ImageAssertions.texts(pulled.get("RepoDigests")))
        .contains(REGISTRY.hostPort() + "/podman/index@" + LAYOUT.index());
  }

  @Test
  void searchFindsRepositoriesThroughTheCatalog() throws Exception {
    Processes processes = new Processes(tmp.resolve("home"), Duration.ofSeconds(90));
    for (String repository : List.of("podman/searched-a", "podman/searched-b")) {
      processes.run("skopeo", "copy", "--dest-tls-verify=false",
          "oci:" + LAYOUT.dir() + ":" + ImageLayout.IMAGE_TAG,
          "docker://" + REGISTRY.hostPort() + "/" + repository + ":x").ok();
    }

    JsonNode found = JSON.readTree(podman(processes, "search", "--tls-verify=false",
        "--format", "json", REGISTRY.hostPort() + "/searched"));

    List<String> names = new ArrayList<>();
    found.forEach(hit -> names.add(hit.get("Name").asText()));
    assertThat(names).containsExactlyInAnyOrder(REGISTRY.hostPort() + "/podman/searched-a",
        REGISTRY.hostPort() + "/podman/searched-b");
  }

  /**
   * Removes podman's storage here rather than in JUnit's clean-up, which warns about every
   * symbolic link of the extracted layers that points outside the folder.
   */
  @AfterEach
  void removeStorage() {
    Processes.deleteTree(tmp.resolve("root"));
  }

  private String podman(Processes processes, String... args) {
    List<String> command = new ArrayList<>(List.of("podman",
        "--storage-driver", "vfs",
        "--root", tmp.resolve("root").toString(),
        "--runroot", tmp.resolve("runroot").toString(),
        "--tmpdir", tmp.resolve("libpod-tmp").toString(),
        "--events-backend", "none",
        "--cgroup-manager", "cgroupfs"));
    command.addAll(List.of(args));
    return processes.run(command).ok();
  }
}

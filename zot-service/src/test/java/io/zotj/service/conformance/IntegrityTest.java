package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.OCI_CONFIG;
import static io.zotj.service.conformance.OciClient.OCI_INDEX;
import static io.zotj.service.conformance.OciClient.OCI_LAYER;
import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registry never leaves an image broken: content a manifest still lists cannot be deleted,
 * a manifest's descriptors must match what is stored, and a blob is reported stored only when
 * it is.
 */
class IntegrityTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static OciClient client;

  @BeforeAll
  static void connect() {
    client = new OciClient(REGISTRY);
  }

  @Test
  void refusesToDeleteALayerThatATaggedManifestStillLists() {
    OciClient.Image image = client.pushImage("integrity/layer", "v1", "in use");

    HttpResponse<byte[]> refused =
        client.delete("/v2/integrity/layer/blobs/" + image.layerDigest());
    assertThat(refused.statusCode()).isEqualTo(405);
    assertThat(errorCode(refused.body())).isEqualTo("UNSUPPORTED");
    assertThat(client.get("/v2/integrity/layer/blobs/" + image.layerDigest()).statusCode())
        .isEqualTo(200);

    assertThat(client.delete("/v2/integrity/layer/manifests/" + image.digest()).statusCode())
        .isEqualTo(202);
    assertThat(client.delete("/v2/integrity/layer/blobs/" + image.layerDigest()).statusCode())
        .isEqualTo(202);
  }

  @Test
  void aBlobChangedOnDiskRightAfterItsPushIsNotServedWhole() throws Exception {
    byte[] layer = new byte[300_000];
    new java.util.Random(11).nextBytes(layer);
    String digest = client.pushBlob("integrity/changed", layer);
    // The upload was hashed on its way in, so the file is trusted for pulls, but only while it
    // stays as written: this change (same size, at once) must be seen.
    Path file = REGISTRY.root().resolve("integrity/changed/blobs/sha256/" + digest.substring(7));
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(299_999);
      raf.write(layer[299_999] ^ 0x01);
    }

    byte[] served;
    try {
      served = client.get("/v2/integrity/changed/blobs/" + digest).body();
    } catch (RuntimeException broken) {
      served = null; // the body broke off: the pull failed, as it must
    }
    assertThat(served).isNotEqualTo(layer);
    if (served != null) {
      assertThat(served.length).isLessThan(layer.length);
    }
  }

  @Test
  void refusesToDeleteAManifestThatAnIndexStillLists() {
    OciClient.Image child = client.pushImage("integrity/index", "child", "child");
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":"
        + "[{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + child.digest()
        + "\",\"size\":" + child.manifest().length + "}]}").getBytes(StandardCharsets.UTF_8);
    String indexDigest = client.pushManifest("integrity/index", "multi", OCI_INDEX, index);

    HttpResponse<byte[]> refused =
        client.delete("/v2/integrity/index/manifests/" + child.digest());
    assertThat(refused.statusCode()).isEqualTo(405);
    assertThat(client.get("/v2/integrity/index/manifests/multi").statusCode()).isEqualTo(200);

    assertThat(client.delete("/v2/integrity/index/manifests/" + indexDigest).statusCode())
        .isEqualTo(202);
    assertThat(client.delete("/v2/integrity/index/manifests/" + child.digest()).statusCode())
        .isEqualTo(202);
  }

  @Test
  void refusesAManifestWhoseLayerSizeIsWrong() {
    OciClient.Image image = client.pushImage("integrity/size", "v1", "sized");
    byte[] wrong = OciClient.imageManifest(OCI_MANIFEST, OCI_CONFIG, image.configDigest(),
        OciClient.json(image.manifest()).get("config").get("size").asLong(), OCI_LAYER,
        image.layerDigest(), image.layer().length + 1, "");

    HttpResponse<byte[]> response = client.putManifest("integrity/size", "wrong", OCI_MANIFEST,
        wrong);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorCode(response.body())).isEqualTo("MANIFEST_INVALID");
    assertThat(client.get("/v2/integrity/size/manifests/wrong").statusCode()).isEqualTo(404);
  }

  @Test
  void aDirectoryInTheBlobsPlaceIsAFaultNotASuccess() throws Exception {
    byte[] content = "squatted".getBytes(StandardCharsets.UTF_8);
    String digest = OciClient.sha256(content);
    client.startUpload("integrity/squat");
    Path uploads = REGISTRY.root().resolve("integrity/squat/.uploads");
    long sessionsBefore = Files.list(uploads).count();
    Files.createDirectories(REGISTRY.root().resolve("integrity/squat/blobs/sha256")
        .resolve(digest.substring("sha256:".length())).resolve("sub"));

    HttpResponse<byte[]> response = client.post(
        "/v2/integrity/squat/blobs/uploads/?digest=" + digest, content);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(OciClient.json(response.body()).get("errors").get(0).get("detail")
        .get("errorId").asText()).isNotBlank();
    assertThat(Files.list(uploads).count()).as("the failed upload leaves no session")
        .isEqualTo(sessionsBefore);
    Path squatter = REGISTRY.root().resolve("integrity/squat/blobs/sha256")
        .resolve(digest.substring("sha256:".length()));
    assertThat(squatter).isDirectory();
  }

  @Test
  void ignoresAMalformedAcceptHeader() {
    client.pushImage("integrity/accept", "v1", "accept");
    assertThat(client.get("/v2/integrity/accept/manifests/v1", "Accept", "a/b;q=x,,;")
        .statusCode()).isEqualTo(200);
    assertThat(client.raw("GET /v2/integrity/accept/manifests/v1 HTTP/1.1\r\nAccept: \u00ff",
        new byte[0]).status()).isEqualTo(200);
    assertThat(client.get("/v2/_catalog", "Accept", "application/json;q=abc").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aMountFromAnInvalidNameFallsBackToAnUploadSession() {
    OciClient.Image image = client.pushImage("integrity/source", "v1", "mount");
    HttpResponse<byte[]> response = client.post("/v2/integrity/target/blobs/uploads/?mount="
        + image.layerDigest() + "&from=../source", new byte[0]);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(OciClient.location(response)).startsWith("/v2/integrity/target/blobs/uploads/");
  }
}

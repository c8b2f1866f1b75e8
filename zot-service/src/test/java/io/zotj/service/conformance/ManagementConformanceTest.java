package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.errorCode;
import static io.zotj.service.conformance.OciClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The content management workflow: deleting tags, manifests, blobs and uploads. */
class ManagementConformanceTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private final OciClient client = new OciClient(REGISTRY);

  private String tags(String repo) {
    return json(client.get("/v2/" + repo + "/tags/list").body()).path("tags").toString();
  }

  @Test
  void deletingATagRemovesOnlyTheTag() {
    OciClient.Image image = client.pushImage("manage/tag", "v1", "tag");
    client.pushManifest("manage/tag", "v2", OCI_MANIFEST, image.manifest());

    HttpResponse<byte[]> delete = client.delete("/v2/manage/tag/manifests/v1");

    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(client.get("/v2/manage/tag/manifests/v1").statusCode()).isEqualTo(404);
    assertThat(client.get("/v2/manage/tag/manifests/v2").statusCode()).isEqualTo(200);
    assertThat(client.get("/v2/manage/tag/manifests/" + image.digest()).statusCode())
        .isEqualTo(200);
    assertThat(tags("manage/tag")).isEqualTo("[\"v2\"]");
  }

  @Test
  void deletingTheOnlyTagKeepsTheManifestByDigest() {
    OciClient.Image image = client.pushImage("manage/onlytag", "v1", "onlytag");

    assertThat(client.delete("/v2/manage/onlytag/manifests/v1").statusCode()).isEqualTo(202);

    assertThat(client.get("/v2/manage/onlytag/manifests/" + image.digest()).body())
        .isEqualTo(image.manifest());
    assertThat(tags("manage/onlytag")).isEqualTo("[]");
  }

  @Test
  void deletingAManifestByDigestRemovesItAndEveryTagOfIt() {
    OciClient.Image image = client.pushImage("manage/manifest", "v1", "manifest");
    client.pushManifest("manage/manifest", "v2", OCI_MANIFEST, image.manifest());
    OciClient.Image other = client.pushImage("manage/manifest", "other", "other");

    HttpResponse<byte[]> delete =
        client.delete("/v2/manage/manifest/manifests/" + image.digest());

    assertThat(delete.statusCode()).isEqualTo(202);
    for (String reference : new String[] {"v1", "v2", image.digest()}) {
      HttpResponse<byte[]> get = client.get("/v2/manage/manifest/manifests/" + reference);
      assertThat(get.statusCode()).isEqualTo(404);
      assertThat(errorCode(get.body())).isEqualTo("MANIFEST_UNKNOWN");
    }
    assertThat(client.get("/v2/manage/manifest/manifests/other").body())
        .isEqualTo(other.manifest());
    assertThat(tags("manage/manifest")).isEqualTo("[\"other\"]");
  }

  @Test
  void answers404ManifestUnknownWhenDeletingAnUnknownManifest() {
    client.pushImage("manage/unknown", "v1", "unknown");

    HttpResponse<byte[]> byTag = client.delete("/v2/manage/unknown/manifests/nosuchtag");
    HttpResponse<byte[]> byDigest = client.delete("/v2/manage/unknown/manifests/"
        + OciClient.sha256("nothing".getBytes(StandardCharsets.UTF_8)));

    assertThat(byTag.statusCode()).isEqualTo(404);
    assertThat(errorCode(byTag.body())).isEqualTo("MANIFEST_UNKNOWN");
    assertThat(byDigest.statusCode()).isEqualTo(404);
    assertThat(errorCode(byDigest.body())).isEqualTo("MANIFEST_UNKNOWN");
  }

  @Test
  void deletesABlobWhichThen404s() {
    byte[] blob = "delete me".getBytes(StandardCharsets.UTF_8);
    String digest = client.pushBlob("manage/blob", blob);
    Path file = REGISTRY.root().resolve("manage/blob/blobs/sha256/" + digest.substring(7));
    assertThat(file).exists();

    HttpResponse<byte[]> delete = client.delete("/v2/manage/blob/blobs/" + digest);

    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(client.head("/v2/manage/blob/blobs/" + digest).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> get = client.get("/v2/manage/blob/blobs/" + digest);
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(errorCode(get.body())).isEqualTo("BLOB_UNKNOWN");
    assertThat(file).doesNotExist();

    HttpResponse<byte[]> again = client.delete("/v2/manage/blob/blobs/" + digest);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(errorCode(again.body())).isEqualTo("BLOB_UNKNOWN");
  }

  @Test
  void deletingABlobOfOneRepositoryLeavesAMountedCopyInAnother() {
    byte[] blob = "shared".getBytes(StandardCharsets.UTF_8);
    String digest = client.pushBlob("manage/shareda", blob);
    assertThat(client.post("/v2/manage/sharedb/blobs/uploads/?mount=" + digest
        + "&from=manage/shareda", new byte[0]).statusCode()).isEqualTo(201);

    assertThat(client.delete("/v2/manage/shareda/blobs/" + digest).statusCode()).isEqualTo(202);

    assertThat(client.get("/v2/manage/shareda/blobs/" + digest).statusCode()).isEqualTo(404);
    assertThat(client.get("/v2/manage/sharedb/blobs/" + digest).body()).isEqualTo(blob);
  }

  @Test
  void refusesToDeleteAManifestThroughTheBlobEndpoint() {
    OciClient.Image image = client.pushImage("manage/manifestblob", "v1", "manifestblob");

    HttpResponse<byte[]> delete =
        client.delete("/v2/manage/manifestblob/blobs/" + image.digest());

    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(errorCode(delete.body())).isEqualTo("UNSUPPORTED");
    assertThat(client.get("/v2/manage/manifestblob/manifests/v1").body())
        .isEqualTo(image.manifest());
  }

  @Test
  void cancelsAnUploadWhichThen404s() throws Exception {
    String upload = client.startUpload("manage/upload");
    client.patch(upload, "some bytes".getBytes(StandardCharsets.UTF_8), "Content-Range", "0-9");
    String id = upload.substring(upload.lastIndexOf('/') + 1);
    Path file = REGISTRY.root().resolve("manage/upload/.uploads/" + id);
    assertThat(file).exists();

    HttpResponse<byte[]> delete = client.delete(upload);

    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(file).doesNotExist();
    HttpResponse<byte[]> status = client.get(upload);
    assertThat(status.statusCode()).isEqualTo(404);
    assertThat(errorCode(status.body())).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    assertThat(client.delete(upload).statusCode()).isEqualTo(404);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).isEmpty();
    }
  }
}

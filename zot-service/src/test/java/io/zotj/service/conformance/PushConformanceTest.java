package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.OCI_CONFIG;
import static io.zotj.service.conformance.OciClient.OCI_LAYER;
import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.errorCode;
import static io.zotj.service.conformance.OciClient.location;
import static io.zotj.service.conformance.OciClient.sha256;
import static io.zotj.service.conformance.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The push workflow of the distribution-spec conformance suite. */
class PushConformanceTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private final OciClient client = new OciClient(REGISTRY);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void assertBlob(String repo, String digest, byte[] content) {
    HttpResponse<byte[]> response = client.get("/v2/" + repo + "/blobs/" + digest);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
  }

  @Test
  void pushesABlobWithPostThenAMonolithicPut() {
    byte[] blob = bytes("monolithic blob");
    String upload = client.startUpload("push/mono");

    HttpResponse<byte[]> put = client.put(withQuery(upload, "digest=" + sha256(blob)), blob,
        "Content-Type", "application/octet-stream");

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(location(put)).isEqualTo("/v2/push/mono/blobs/" + sha256(blob));
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(sha256(blob));
    assertBlob("push/mono", sha256(blob), blob);
  }

  @Test
  void pushesABlobInOnePostWithTheDigestQuery() {
    byte[] blob = bytes("single request blob");

    HttpResponse<byte[]> post = client.post("/v2/push/single/blobs/uploads/?digest="
        + sha256(blob), blob, "Content-Type", "application/octet-stream");

    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(location(post)).isEqualTo("/v2/push/single/blobs/" + sha256(blob));
    assertBlob("push/single", sha256(blob), blob);
  }

  @Test
  void opensASessionWithARelativeLocationAndAnUploadId() {
    HttpResponse<byte[]> post = client.post("/v2/push/session/blobs/uploads/", new byte[0]);

    assertThat(post.statusCode()).isEqualTo(202);
    String id = post.headers().firstValue("Docker-Upload-UUID").orElseThrow();
    assertThat(location(post)).isEqualTo("/v2/push/session/blobs/uploads/" + id);
    assertThat(post.headers().firstValue("Range")).hasValue("0-0");
  }

  @Test
  void pushesABlobInChunksWithContentRangeThenAnEmptyPut() {
    byte[] blob = bytes("first chunk|second chunk");
    String upload = client.startUpload("push/chunked");

    HttpResponse<byte[]> first = client.patch(upload, Arrays.copyOfRange(blob, 0, 12),
        "Content-Type", "application/octet-stream", "Content-Range", "0-11");
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.headers().firstValue("Range")).hasValue("0-11");

    HttpResponse<byte[]> second = client.patch(location(first),
        Arrays.copyOfRange(blob, 12, blob.length), "Content-Type", "application/octet-stream",
        "Content-Range", "12-" + (blob.length - 1));
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(second.headers().firstValue("Range")).hasValue("0-" + (blob.length - 1));

    HttpResponse<byte[]> put = client.put(withQuery(location(second), "digest=" + sha256(blob)),
        new byte[0]);
    assertThat(put.statusCode()).isEqualTo(201);
    assertBlob("push/chunked", sha256(blob), blob);
  }

  @Test
  void pushesAChunkedBlobWhoseLastChunkComesWithThePut() {
    byte[] blob = bytes("chunk one, and the final chunk");
    String upload = client.startUpload("push/finalchunk");
    HttpResponse<byte[]> first = client.patch(upload, Arrays.copyOfRange(blob, 0, 10),
        "Content-Type", "application/octet-stream", "Content-Range", "0-9");
    assertThat(first.statusCode()).isEqualTo(202);

    HttpResponse<byte[]> put = client.put(withQuery(location(first), "digest=" + sha256(blob)),
        Arrays.copyOfRange(blob, 10, blob.length), "Content-Type", "application/octet-stream",
        "Content-Range", "10-" + (blob.length - 1));

    assertThat(put.statusCode()).isEqualTo(201);
    assertBlob("push/finalchunk", sha256(blob), blob);
  }

  @Test
  void pushesAStreamedPatchWithoutContentRangeOrContentLength() {
    byte[] blob = bytes("streamed with chunked transfer encoding ".repeat(1000));
    String upload = client.startUpload("push/streamed");

    HttpResponse<byte[]> patch =
        client.patchStreamed(upload, () -> new ByteArrayInputStream(blob));
    assertThat(patch.statusCode()).isEqualTo(202);
    assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (blob.length - 1));

    HttpResponse<byte[]> put = client.put(withQuery(location(patch), "digest=" + sha256(blob)),
        new byte[0]);
    assertThat(put.statusCode()).isEqualTo(201);
    assertBlob("push/streamed", sha256(blob), blob);
  }

  @Test
  void reportsTheProgressOfAnUploadWith204AndRange() {
    String upload = client.startUpload("push/status");
    client.patch(upload, bytes("12345"), "Content-Range", "0-4");

    HttpResponse<byte[]> status = client.get(upload);

    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).hasValue("0-4");
    assertThat(location(status)).isEqualTo(upload);
    assertThat(status.headers().firstValue("Docker-Upload-UUID")).isPresent();
  }

  @Test
  void answers416ForAChunkOutOfOrder() {
    String upload = client.startUpload("push/outoforder");

    HttpResponse<byte[]> patch = client.patch(upload, bytes("second"),
        "Content-Type", "application/octet-stream", "Content-Range", "6-11");

    assertThat(patch.statusCode()).isEqualTo(416);
    assertThat(client.get(upload).headers().firstValue("Range")).hasValue("0-0");
  }

  @Test
  void mountsABlobFromAnotherRepositoryWith201() {
    byte[] blob = bytes("mount me");
    String digest = client.pushBlob("push/mountsource", blob);

    HttpResponse<byte[]> post = client.post("/v2/push/mounttarget/blobs/uploads/?mount="
        + digest + "&from=push/mountsource", new byte[0]);

    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(location(post)).isEqualTo("/v2/push/mounttarget/blobs/" + digest);
    assertThat(post.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    assertBlob("push/mounttarget", digest, blob);
  }

  @Test
  void opensASessionWhenTheBlobToMountIsUnknown() {
    String digest = sha256(bytes("never pushed"));

    HttpResponse<byte[]> post = client.post("/v2/push/mountmiss/blobs/uploads/?mount="
        + digest + "&from=push/mountsource", new byte[0]);

    assertThat(post.statusCode()).isEqualTo(202);
    assertThat(location(post)).startsWith("/v2/push/mountmiss/blobs/uploads/");
  }

  @Test
  void mountsABlobTheRegistryHoldsWhenNoSourceIsNamed() {
    byte[] blob = bytes("automatic cross mount");
    String digest = client.pushBlob("push/automountsource", blob);

    HttpResponse<byte[]> post = client.post("/v2/push/automount/blobs/uploads/?mount="
        + digest, new byte[0]);

    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(location(post)).isEqualTo("/v2/push/automount/blobs/" + digest);
    assertBlob("push/automount", digest, blob);
  }

  @Test
  void pushesAManifestByTagAndByDigest() {
    OciClient.Image image = client.pushImage("push/manifest", "latest", "push");

    HttpResponse<byte[]> byTag = client.putManifest("push/manifest", "v2", OCI_MANIFEST,
        image.manifest());
    assertThat(byTag.statusCode()).isEqualTo(201);
    assertThat(location(byTag)).isEqualTo("/v2/push/manifest/manifests/" + image.digest());

    HttpResponse<byte[]> byDigest = client.putManifest("push/manifest", image.digest(),
        OCI_MANIFEST, image.manifest());
    assertThat(byDigest.statusCode()).isEqualTo(201);
    assertThat(byDigest.headers().firstValue("Docker-Content-Digest")).hasValue(image.digest());

    for (String reference : new String[] {"latest", "v2", image.digest()}) {
      HttpResponse<byte[]> get = client.get("/v2/push/manifest/manifests/" + reference);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(image.manifest());
    }
  }

  @Test
  void refusesAManifestWhoseBlobIsMissingWith404ManifestBlobUnknown() {
    String config = client.pushBlob("push/missing", bytes("{}"));
    byte[] manifest = OciClient.imageManifest(OCI_MANIFEST, OCI_CONFIG, config, 2, OCI_LAYER,
        sha256(bytes("layer never pushed")), 18, "");

    HttpResponse<byte[]> put = client.putManifest("push/missing", "v1", OCI_MANIFEST, manifest);

    assertThat(put.statusCode()).isEqualTo(404);
    assertThat(errorCode(put.body())).isEqualTo("MANIFEST_BLOB_UNKNOWN");
    assertThat(client.get("/v2/push/missing/manifests/v1").statusCode()).isEqualTo(404);
  }

  @Test
  void answers404ForAnUnknownBlobBeforeItIsPushed() {
    String digest = sha256(bytes("not yet"));
    assertThat(client.get("/v2/push/later/blobs/" + digest).statusCode()).isEqualTo(404);
    client.pushBlob("push/later", bytes("not yet"));
    assertThat(client.get("/v2/push/later/blobs/" + digest).statusCode()).isEqualTo(200);
  }
}

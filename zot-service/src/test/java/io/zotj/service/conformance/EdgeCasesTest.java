package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.OCI_EMPTY;
import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.errorCode;
import static io.zotj.service.conformance.OciClient.json;
import static io.zotj.service.conformance.OciClient.sha256;
import static io.zotj.service.conformance.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Corners of the protocol that clients reach rarely but do reach. */
class EdgeCasesTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private final OciClient client = new OciClient(REGISTRY);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha512(byte[] content) throws Exception {
    return "sha512:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-512").digest(content));
  }

  @Test
  void storesAndServesAnEmptyBlob() {
    byte[] empty = new byte[0];
    String digest = sha256(empty);

    HttpResponse<byte[]> post = client.post("/v2/edge/empty/blobs/uploads/?digest=" + digest,
        empty);

    assertThat(post.statusCode()).isEqualTo(201);
    HttpResponse<byte[]> head = client.head("/v2/edge/empty/blobs/" + digest);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("0");
    HttpResponse<byte[]> get = client.get("/v2/edge/empty/blobs/" + digest);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEmpty();
  }

  @Test
  void verifiesAndStoresASha512Blob() throws Exception {
    byte[] blob = bytes("sha512 content");
    String upload = client.startUpload("edge/sha512");

    HttpResponse<byte[]> put = client.put(withQuery(upload, "digest=" + sha512(blob)), blob);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/edge/sha512/blobs/" + sha512(blob)).body()).isEqualTo(blob);
  }

  @Test
  void storesAManifestPushedBySha512Digest() throws Exception {
    OciClient.Image image = client.pushImage("edge/sha512m", "v1", "sha512");
    byte[] manifest = (new String(image.manifest(), StandardCharsets.UTF_8) + " ")
        .getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> put = client.putManifest("edge/sha512m", sha512(manifest),
        OCI_MANIFEST, manifest);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(sha512(manifest));
    assertThat(client.get("/v2/edge/sha512m/manifests/" + sha512(manifest)).body())
        .isEqualTo(manifest);
  }

  @Test
  void refusesAManifestWhoseDigestReferenceDoesNotMatchItsBytes() {
    OciClient.Image image = client.pushImage("edge/mismatch", "v1", "mismatch");
    String other = sha256(bytes("other"));

    HttpResponse<byte[]> put = client.putManifest("edge/mismatch", other, OCI_MANIFEST,
        image.manifest());

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(errorCode(put.body())).isEqualTo("DIGEST_INVALID");
    assertThat(client.get("/v2/edge/mismatch/manifests/" + other).statusCode()).isEqualTo(404);
  }

  @Test
  void answers404ForAnUploadThatHasCompleted() {
    byte[] blob = bytes("done");
    String upload = client.startUpload("edge/done");
    assertThat(client.put(withQuery(upload, "digest=" + sha256(blob)), blob).statusCode())
        .isEqualTo(201);

    HttpResponse<byte[]> patch = client.patch(upload, bytes("more"));

    assertThat(patch.statusCode()).isEqualTo(404);
    assertThat(errorCode(patch.body())).isEqualTo("BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void forgetsAReferrerOnceItIsDeleted() {
    OciClient.Image subject = client.pushImage("edge/referrers", "v1", "subject");
    String empty = client.pushBlob("edge/referrers", bytes("{}"));
    byte[] referrer = OciClient.imageManifest(OCI_MANIFEST, OCI_EMPTY, empty, 2,
        "application/vnd.example.note", subject.layerDigest(), subject.layer().length, """
        , "subject": {"mediaType": "%s", "digest": "%s", "size": %d}"""
        .formatted(OCI_MANIFEST, subject.digest(), subject.manifest().length));
    String digest = client.pushManifest("edge/referrers", sha256(referrer), OCI_MANIFEST,
        referrer);
    String path = "/v2/edge/referrers/referrers/" + subject.digest();
    assertThat(json(client.get(path).body()).path("manifests").size()).isEqualTo(1);
    assertThat(json(client.get(path).body()).path("manifests").get(0).path("artifactType")
        .asText()).as("the config's media type stands in for a missing artifactType")
        .isEqualTo(OCI_EMPTY);

    assertThat(client.delete("/v2/edge/referrers/manifests/" + digest).statusCode())
        .isEqualTo(202);

    assertThat(json(client.get(path).body()).path("manifests").size()).isZero();
  }

  @Test
  void acceptsAReferrerPushedBeforeItsSubject() {
    String empty = client.pushBlob("edge/early", bytes("{}"));
    String layer = client.pushBlob("edge/early", bytes("early"));
    String absent = sha256(bytes("subject pushed later"));
    byte[] referrer = OciClient.imageManifest(OCI_MANIFEST, OCI_EMPTY, empty, 2,
        "application/vnd.example.note", layer, 5, """
        , "artifactType": "application/vnd.example.early",
          "subject": {"mediaType": "%s", "digest": "%s", "size": 20}"""
        .formatted(OCI_MANIFEST, absent));

    HttpResponse<byte[]> put = client.putManifest("edge/early", sha256(referrer), OCI_MANIFEST,
        referrer);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("OCI-Subject")).hasValue(absent);
    assertThat(json(client.get("/v2/edge/early/referrers/" + absent).body()).path("manifests")
        .size()).isEqualTo(1);
  }

  /**
   * A repository is a folder holding {@code index.json}, {@code oci-layout} and {@code blobs/};
   * a nested repository of one of those names would collide with its parent's files.
   */
  @Test
  void refusesNamesWhoseSegmentsCollideWithARepositorysOwnFiles() {
    client.pushImage("edge/parent", "v1", "parent");

    for (String name : new String[] {"edge/parent/index.json", "edge/parent/oci-layout",
        "edge/parent/blobs"}) {
      HttpResponse<byte[]> post = client.post("/v2/" + name + "/blobs/uploads/", new byte[0]);
      assertThat(post.statusCode()).as(name).isEqualTo(400);
      assertThat(errorCode(post.body())).isEqualTo("NAME_INVALID");
    }
    assertThat(client.get("/v2/edge/parent/manifests/v1").statusCode()).isEqualTo(200);
    assertThat(json(client.get("/v2/_catalog").body()).path("repositories").toString())
        .doesNotContain("edge/parent/");
  }

  @Test
  void refusesAnInvalidPageSize() {
    HttpResponse<byte[]> tags = client.get("/v2/edge/parent/tags/list?n=-1");
    HttpResponse<byte[]> catalog = client.get("/v2/_catalog?n=abc");

    assertThat(tags.statusCode()).isEqualTo(400);
    assertThat(catalog.statusCode()).isEqualTo(400);
  }
}

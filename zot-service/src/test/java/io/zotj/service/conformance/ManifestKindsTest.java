package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.DOCKER_CONFIG;
import static io.zotj.service.conformance.OciClient.DOCKER_LAYER;
import static io.zotj.service.conformance.OciClient.DOCKER_LIST;
import static io.zotj.service.conformance.OciClient.DOCKER_MANIFEST;
import static io.zotj.service.conformance.OciClient.OCI_EMPTY;
import static io.zotj.service.conformance.OciClient.OCI_INDEX;
import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.errorCode;
import static io.zotj.service.conformance.OciClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every manifest kind the registry stores comes back byte for byte, with the Content-Type it was
 * pushed with and the digest of the pushed bytes; the fixtures use odd whitespace and key order
 * so that any re-serialisation would show.
 */
class ManifestKindsTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private final OciClient client = new OciClient(REGISTRY);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes by tag, then pulls by tag and digest (GET and HEAD) and compares. */
  private void assertRoundTrip(String repo, String tag, String mediaType, byte[] manifest) {
    String digest = client.pushManifest(repo, tag, mediaType, manifest);
    for (String reference : new String[] {tag, digest}) {
      HttpResponse<byte[]> get = client.get("/v2/" + repo + "/manifests/" + reference,
          "Accept", mediaType);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(manifest);
      assertThat(get.headers().firstValue("Content-Type")).hasValue(mediaType);
      assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(sha256(manifest));

      HttpResponse<byte[]> head = client.head("/v2/" + repo + "/manifests/" + reference);
      assertThat(head.headers().firstValue("Content-Type")).hasValue(mediaType);
      assertThat(head.headers().firstValue("Content-Length"))
          .hasValue(String.valueOf(manifest.length));
    }
  }

  private String[] pushConfigAndLayer(String repo, String label) {
    return new String[] {
        client.pushBlob(repo, bytes("{\"config\":\"" + label + "\"}")),
        client.pushBlob(repo, bytes("layer " + label))};
  }

  @Test
  void storesAnOciImageManifestVerbatim() {
    String[] blobs = pushConfigAndLayer("kinds/oci", "oci");
    byte[] manifest = bytes("""
        {
            "layers"  : [ { "size": 9, "digest": "%s",
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip" } ],
          "schemaVersion":2,
          "config": {"size": 16,"mediaType":"application/vnd.oci.image.config.v1+json",
           "digest":"%s"},
           "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "annotations": {"z": "last", "a": "first"}
        }\t
        """.formatted(blobs[1], blobs[0]));

    assertRoundTrip("kinds/oci", "v1", OCI_MANIFEST, manifest);
  }

  @Test
  void storesAnOciIndexWhoseChildrenWerePushedByDigest() {
    String[] amd = pushConfigAndLayer("kinds/index", "amd64");
    String[] arm = pushConfigAndLayer("kinds/index", "arm64");
    byte[] amdManifest = OciClient.imageManifest(OCI_MANIFEST, OciClient.OCI_CONFIG, amd[0],
        18, OciClient.OCI_LAYER, amd[1], 11, "");
    byte[] armManifest = OciClient.imageManifest(OCI_MANIFEST, OciClient.OCI_CONFIG, arm[0],
        18, OciClient.OCI_LAYER, arm[1], 11, "");
    String amdDigest = client.pushManifest("kinds/index", sha256(amdManifest), OCI_MANIFEST,
        amdManifest);
    String armDigest = client.pushManifest("kinds/index", sha256(armManifest), OCI_MANIFEST,
        armManifest);
    byte[] index = bytes("""
        {"manifests":[
          {"platform":{"os":"linux","architecture":"amd64"},"size":%d,"digest":"%s",
           "mediaType":"application/vnd.oci.image.manifest.v1+json"},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,
           "platform":{"architecture":"arm64","os":"linux"}}],
         "mediaType" :"application/vnd.oci.image.index.v1+json",   "schemaVersion" : 2 }"""
        .formatted(amdManifest.length, amdDigest, armDigest, armManifest.length));

    assertRoundTrip("kinds/index", "multi", OCI_INDEX, index);
  }

  @Test
  void storesANestedIndexAndListsAnIndexWithASubjectAsAReferrer() {
    OciClient.Image image = client.pushImage("kinds/nested", "base", "nested");
    byte[] inner = bytes("""
        {"schemaVersion": 2, "mediaType": "%s", "artifactType": "application/vnd.example.idx",
         "manifests": [{"mediaType": "%s", "digest": "%s", "size": %d}],
         "annotations": {"kind": "inner"}}""".formatted(OCI_INDEX, OCI_MANIFEST, image.digest(),
        image.manifest().length));
    String innerDigest = client.pushManifest("kinds/nested", sha256(inner), OCI_INDEX, inner);
    byte[] outer = bytes("""
        {"schemaVersion": 2, "mediaType": "%s",
         "manifests": [{"mediaType": "%s", "digest": "%s", "size": %d}],
         "subject": {"mediaType": "%s", "digest": "%s", "size": %d}}""".formatted(OCI_INDEX,
        OCI_INDEX, innerDigest, inner.length, OCI_MANIFEST, image.digest(),
        image.manifest().length));

    assertRoundTrip("kinds/nested", "outer", OCI_INDEX, outer);

    HttpResponse<byte[]> referrers = client.get("/v2/kinds/nested/referrers/" + image.digest());
    var manifests = OciClient.json(referrers.body()).path("manifests");
    assertThat(manifests.size()).isEqualTo(1);
    assertThat(manifests.get(0).path("digest").asText()).isEqualTo(sha256(outer));
    assertThat(manifests.get(0).path("mediaType").asText()).isEqualTo(OCI_INDEX);
  }

  @Test
  void refusesAnIndexWhoseChildIsUnknown() {
    byte[] index = bytes("""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
         "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "digest":"%s","size":10}]}""".formatted(sha256(bytes("no such child"))));

    HttpResponse<byte[]> put = client.putManifest("kinds/orphan", "v1", OCI_INDEX, index);

    assertThat(put.statusCode()).isEqualTo(404);
    assertThat(errorCode(put.body())).isEqualTo("MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void storesAnArtifactWithArtifactTypeAndTheEmptyConfig() {
    String empty = client.pushBlob("kinds/artifact", bytes("{}"));
    assertThat(empty).isEqualTo(
        "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    String payload = client.pushBlob("kinds/artifact", bytes("artifact payload"));
    byte[] manifest = bytes("""
        {"schemaVersion": 2,
         "mediaType": "application/vnd.oci.image.manifest.v1+json",
         "artifactType": "application/vnd.example.thing.v1",
         "config": {"mediaType": "%s", "digest": "%s", "size": 2, "data": "e30="},
         "layers": [{"mediaType": "application/vnd.example.payload", "digest": "%s",
                     "size": 16, "annotations": {"org.opencontainers.image.title": "p.txt"}}]
        }""".formatted(OCI_EMPTY, empty, payload));

    assertRoundTrip("kinds/artifact", "thing", OCI_MANIFEST, manifest);
  }

  @Test
  void storesADockerSchema2ManifestAndManifestList() {
    String[] blobs = pushConfigAndLayer("kinds/docker", "docker");
    byte[] manifest = bytes("""
        {
           "schemaVersion": 2,
           "mediaType": "%s",
           "config": {
              "mediaType": "%s",
              "size": 19,
              "digest": "%s"
           },
           "layers": [
              {
                 "mediaType": "%s",
                 "size": 12,
                 "digest": "%s"
              }
           ]
        }""".formatted(DOCKER_MANIFEST, DOCKER_CONFIG, blobs[0], DOCKER_LAYER, blobs[1]));
    assertRoundTrip("kinds/docker", "v1", DOCKER_MANIFEST, manifest);

    byte[] list = bytes("""
        {"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","size":%d,
        "digest":"%s","platform":{"architecture":"amd64","os":"linux"}}]}
        """.formatted(DOCKER_LIST, DOCKER_MANIFEST, manifest.length, sha256(manifest)));
    assertRoundTrip("kinds/docker", "list", DOCKER_LIST, list);
  }

  @Test
  void storesAManifestWithoutAMediaTypeFieldUnderItsContentType() {
    String[] blobs = pushConfigAndLayer("kinds/nofield", "nofield");
    byte[] manifest = bytes("""
        {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",
        "digest":"%s","size":20},"layers":[]}""".formatted(blobs[0]));

    assertRoundTrip("kinds/nofield", "v1", OCI_MANIFEST, manifest);
  }
}

package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.DOCKER_CONFIG;
import static io.zotj.service.conformance.OciClient.DOCKER_LAYER;
import static io.zotj.service.conformance.OciClient.DOCKER_LIST;
import static io.zotj.service.conformance.OciClient.DOCKER_MANIFEST;
import static io.zotj.service.conformance.OciClient.OCI_EMPTY;
import static io.zotj.service.conformance.OciClient.OCI_INDEX;
import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.json;
import static io.zotj.service.conformance.OciClient.location;
import static io.zotj.service.conformance.OciClient.sha256;
import static io.zotj.service.conformance.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zotj.service.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request sequences of docker, crane, oras and helm, replayed step by step, since the tools
 * themselves cannot run here.
 */
class ClientSequencesTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  /** The Accept header docker sends when it pulls a manifest. */
  private static final String DOCKER_ACCEPT = String.join(", ", DOCKER_MANIFEST, DOCKER_LIST,
      OCI_MANIFEST, OCI_INDEX);

  private final OciClient client = new OciClient(REGISTRY);

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** docker push of one layer: HEAD, POST, streamed PATCH, PUT with an empty body. */
  private String dockerPushBlob(String repo, byte[] blob) {
    String digest = sha256(blob);
    assertThat(client.head("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(404);

    String upload = client.startUpload(repo);
    HttpResponse<byte[]> patch = client.patchStreamed(upload,
        () -> new ByteArrayInputStream(blob));
    assertThat(patch.statusCode()).isEqualTo(202);
    HttpResponse<byte[]> put = client.put(withQuery(location(patch), "digest=" + digest),
        new byte[0], "Content-Type", "application/octet-stream");
    assertThat(put.statusCode()).isEqualTo(201);

    assertThat(client.head("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(200);
    return digest;
  }

  @Test
  void dockerPushesAndPullsASchema2Image() {
    assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{}}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] layer = random(300_000, 1);
    String layerDigest = dockerPushBlob("library/app", layer);
    String configDigest = dockerPushBlob("library/app", config);
    byte[] manifest = OciClient.imageManifest(DOCKER_MANIFEST, DOCKER_CONFIG, configDigest,
        config.length, DOCKER_LAYER, layerDigest, layer.length, "");
    assertThat(client.head("/v2/library/app/manifests/latest").statusCode()).isEqualTo(404);
    client.pushManifest("library/app", "latest", DOCKER_MANIFEST, manifest);

    HttpResponse<byte[]> head = client.head("/v2/library/app/manifests/latest",
        "Accept", DOCKER_ACCEPT);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type")).hasValue(DOCKER_MANIFEST);
    String digest = head.headers().firstValue("Docker-Content-Digest").orElseThrow();
    HttpResponse<byte[]> get = client.get("/v2/library/app/manifests/" + digest,
        "Accept", DOCKER_MANIFEST, "Accept", DOCKER_LIST, "Accept", OCI_MANIFEST);
    assertThat(get.body()).isEqualTo(manifest);
    assertThat(client.get("/v2/library/app/blobs/" + configDigest).body()).isEqualTo(config);
    assertThat(client.get("/v2/library/app/blobs/" + layerDigest).body()).isEqualTo(layer);
  }

  @Test
  void dockerPushOfAnImageWhoseLayerAnotherRepositoryHoldsMountsIt() {
    byte[] layer = random(10_000, 2);
    String digest = dockerPushBlob("library/base", layer);

    HttpResponse<byte[]> mount = client.post("/v2/library/derived/blobs/uploads/?mount="
        + digest + "&from=library/base", new byte[0]);

    assertThat(mount.statusCode()).isEqualTo(201);
    assertThat(client.head("/v2/library/derived/blobs/" + digest).statusCode()).isEqualTo(200);
  }

  @Test
  void craneFallsBackToAnUploadWhenTheMountSourceLacksTheBlob() {
    byte[] layer = random(5_000, 3);
    String digest = sha256(layer);

    HttpResponse<byte[]> mount = client.post("/v2/crane/app/blobs/uploads/?mount=" + digest
        + "&from=crane/elsewhere", new byte[0]);
    assertThat(mount.statusCode()).isEqualTo(202);
    HttpResponse<byte[]> patch = client.patchStreamed(location(mount),
        () -> new ByteArrayInputStream(layer));
    assertThat(patch.statusCode()).isEqualTo(202);
    HttpResponse<byte[]> put = client.put(withQuery(location(patch), "digest=" + digest),
        new byte[0]);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/crane/app/blobs/" + digest).body()).isEqualTo(layer);
  }

  @Test
  void orasPushesAnArtifactAndAttachesAReferrerItDiscovers() {
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] file = "hello artifact".getBytes(StandardCharsets.UTF_8);
    String emptyDigest = client.pushBlob("oras/artifact", empty);
    String fileDigest = client.pushBlob("oras/artifact", file);
    byte[] artifact = OciClient.imageManifest(OCI_MANIFEST, OCI_EMPTY, emptyDigest, 2,
        "application/vnd.example.file", fileDigest, file.length,
        ", \"artifactType\": \"application/vnd.example.bundle\"");
    String artifactDigest = client.pushManifest("oras/artifact", "v1", OCI_MANIFEST, artifact);

    byte[] signature = "signature bytes".getBytes(StandardCharsets.UTF_8);
    String signatureDigest = client.pushBlob("oras/artifact", signature);
    byte[] referrer = OciClient.imageManifest(OCI_MANIFEST, OCI_EMPTY, emptyDigest, 2,
        "application/vnd.example.sig", signatureDigest, signature.length, """
        , "artifactType": "application/vnd.example.signature",
          "subject": {"mediaType": "%s", "digest": "%s", "size": %d}"""
        .formatted(OCI_MANIFEST, artifactDigest, artifact.length));
    HttpResponse<byte[]> attach = client.putManifest("oras/artifact", sha256(referrer),
        OCI_MANIFEST, referrer);
    assertThat(attach.statusCode()).isEqualTo(201);
    assertThat(attach.headers().firstValue("OCI-Subject")).hasValue(artifactDigest);

    HttpResponse<byte[]> discover = client.get("/v2/oras/artifact/referrers/" + artifactDigest
        + "?artifactType=application/vnd.example.signature");
    JsonNode manifests = json(discover.body()).path("manifests");
    assertThat(manifests.size()).isEqualTo(1);
    assertThat(manifests.get(0).path("digest").asText()).isEqualTo(sha256(referrer));
    assertThat(manifests.get(0).path("artifactType").asText())
        .isEqualTo("application/vnd.example.signature");
    assertThat(client.get("/v2/oras/artifact/manifests/v1").body()).isEqualTo(artifact);
  }

  @Test
  void helmPushesAndPullsAChart() {
    byte[] config = "{\"name\":\"mychart\",\"version\":\"0.1.0+build.1\",\"apiVersion\":\"v2\"}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] chart = random(4_000, 4);
    String configDigest = client.pushBlob("charts/mychart", config);
    String chartDigest = client.pushBlob("charts/mychart", chart);
    byte[] manifest = OciClient.imageManifest(OCI_MANIFEST,
        "application/vnd.cncf.helm.config.v1+json", configDigest, config.length,
        "application/vnd.cncf.helm.chart.content.v1.tar+gzip", chartDigest, chart.length,
        ", \"annotations\": {\"org.opencontainers.image.title\": \"mychart\"}");
    client.pushManifest("charts/mychart", "0.1.0_build.1", OCI_MANIFEST, manifest);

    HttpResponse<byte[]> pulled = client.get("/v2/charts/mychart/manifests/0.1.0_build.1",
        "Accept", OCI_MANIFEST);
    assertThat(pulled.body()).isEqualTo(manifest);
    assertThat(client.get("/v2/charts/mychart/blobs/" + chartDigest).body()).isEqualTo(chart);
    assertThat(json(client.get("/v2/charts/mychart/tags/list").body()).path("tags").toString())
        .isEqualTo("[\"0.1.0_build.1\"]");
  }

  @Test
  void answersHeadOfTheBaseEndpoint() {
    assertThat(client.head("/v2/").statusCode()).isEqualTo(200);
  }
}

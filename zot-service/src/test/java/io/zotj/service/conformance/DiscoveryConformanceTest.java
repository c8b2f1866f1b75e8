package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.OCI_EMPTY;
import static io.zotj.service.conformance.OciClient.OCI_INDEX;
import static io.zotj.service.conformance.OciClient.OCI_LAYER;
import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The content discovery workflow: tag lists, the catalog and the referrers API. */
class DiscoveryConformanceTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final String REPO = "discovery/tags";
  private static final List<String> TAGS = List.of("alpha", "beta", "delta", "gamma", "zeta");
  private static OciClient client;
  private static OciClient.Image subject;
  private static String emptyConfig;

  @BeforeAll
  static void pushTaggedImage() {
    client = new OciClient(REGISTRY);
    subject = client.pushImage(REPO, "gamma", "subject");
    for (int i = TAGS.size() - 1; i >= 0; i--) {
      client.pushManifest(REPO, TAGS.get(i), OCI_MANIFEST, subject.manifest());
    }
    emptyConfig = client.pushBlob(REPO, "{}".getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }

  @Test
  void listsEveryTagInLexicalOrder() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/tags/list");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response.body());
    assertThat(body.path("name").asText()).isEqualTo(REPO);
    assertThat(strings(body.path("tags"))).containsExactlyElementsOf(TAGS);
    assertThat(response.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void pagesTheTagListWithNAndLastAndALinkToTheNextPage() {
    HttpResponse<byte[]> first = client.get("/v2/" + REPO + "/tags/list?n=2");
    assertThat(strings(json(first.body()).path("tags"))).containsExactly("alpha", "beta");
    String link = first.headers().firstValue("Link").orElseThrow();
    assertThat(link).isEqualTo("</v2/" + REPO + "/tags/list?n=2&last=beta>; rel=\"next\"");

    String next = link.substring(1, link.indexOf('>'));
    HttpResponse<byte[]> second = client.get(next);
    assertThat(strings(json(second.body()).path("tags"))).containsExactly("delta", "gamma");

    HttpResponse<byte[]> last = client.get("/v2/" + REPO + "/tags/list?n=2&last=gamma");
    assertThat(strings(json(last.body()).path("tags"))).containsExactly("zeta");
    assertThat(last.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void pagesFromWhereALastThatIsNoTagWouldSort() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/tags/list?n=10&last=c");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(strings(json(response.body()).path("tags")))
        .containsExactly("delta", "gamma", "zeta");
  }

  @Test
  void answersAZeroNWithAnEmptyList() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/tags/list?n=0");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response.body()).path("tags").size()).isZero();
  }

  @Test
  void answers404NameUnknownForTheTagsOfAnUnknownRepository() {
    HttpResponse<byte[]> response = client.get("/v2/discovery/nosuchrepo/tags/list");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(OciClient.errorCode(response.body())).isEqualTo("NAME_UNKNOWN");
  }

  @Test
  void pagesTheCatalog() {
    for (String name : List.of("discovery/cat/a", "discovery/cat/b", "discovery/cat/c")) {
      client.pushBlob(name, name.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> all = client.get("/v2/_catalog");
    List<String> names = strings(json(all.body()).path("repositories"));
    assertThat(names).contains("discovery/cat/a", "discovery/cat/b", "discovery/cat/c", REPO);
    assertThat(names).isSorted();

    HttpResponse<byte[]> page = client.get("/v2/_catalog?n=2&last=discovery/cat/a");
    assertThat(strings(json(page.body()).path("repositories")))
        .containsExactly("discovery/cat/b", "discovery/cat/c");
    assertThat(page.headers().firstValue("Link").orElseThrow())
        .startsWith("</v2/_catalog?n=2&last=discovery%2Fcat%2Fc>");
  }

  /** Pushes an artifact whose subject is the tagged image; returns its digest. */
  private static String pushReferrer(String artifactType, String label) {
    byte[] layer = label.getBytes(StandardCharsets.UTF_8);
    String layerDigest = client.pushBlob(REPO, layer);
    byte[] manifest = OciClient.imageManifest(OCI_MANIFEST, OCI_EMPTY, emptyConfig, 2,
        OCI_LAYER, layerDigest, layer.length, """
        , "artifactType": "%s", "subject": {"mediaType": "%s", "digest": "%s", "size": %d},
          "annotations": {"label": "%s"}""".formatted(artifactType, OCI_MANIFEST,
        subject.digest(), subject.manifest().length, label));
    HttpResponse<byte[]> put = client.putManifest(REPO, OciClient.sha256(manifest),
        OCI_MANIFEST, manifest);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("OCI-Subject")).hasValue(subject.digest());
    return OciClient.sha256(manifest);
  }

  @Test
  void listsReferrersOfAManifestWithAndWithoutAnArtifactTypeFilter() {
    String sbom = pushReferrer("application/vnd.example.sbom", "sbom");
    String signature = pushReferrer("application/vnd.example.signature", "signature");

    HttpResponse<byte[]> all = client.get("/v2/" + REPO + "/referrers/" + subject.digest());
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
    assertThat(all.headers().firstValue("OCI-Filters-Applied")).isEmpty();
    JsonNode index = json(all.body());
    assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.path("mediaType").asText()).isEqualTo(OCI_INDEX);
    List<String> digests = new ArrayList<>();
    index.path("manifests").forEach(m -> digests.add(m.path("digest").asText()));
    assertThat(digests).containsExactlyInAnyOrder(sbom, signature);
    index.path("manifests").forEach(m -> {
      assertThat(m.path("mediaType").asText()).isEqualTo(OCI_MANIFEST);
      assertThat(m.path("artifactType").asText()).startsWith("application/vnd.example.");
      assertThat(m.path("annotations").path("label").asText()).isNotEmpty();
    });

    HttpResponse<byte[]> filtered = client.get("/v2/" + REPO + "/referrers/" + subject.digest()
        + "?artifactType=application/vnd.example.sbom");
    assertThat(filtered.statusCode()).isEqualTo(200);
    assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
    JsonNode only = json(filtered.body()).path("manifests");
    assertThat(only.size()).isEqualTo(1);
    assertThat(only.get(0).path("digest").asText()).isEqualTo(sbom);
  }

  @Test
  void answersAnEmptyIndexForADigestWithoutReferrers() {
    String none = OciClient.sha256("no referrers".getBytes(StandardCharsets.UTF_8));
    for (String repo : new String[] {REPO, "discovery/nosuchrepo"}) {
      HttpResponse<byte[]> response = client.get("/v2/" + repo + "/referrers/" + none);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
      JsonNode index = json(response.body());
      assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
      assertThat(index.path("manifests").isArray()).isTrue();
      assertThat(index.path("manifests").size()).isZero();
    }
  }

  @Test
  void answers400DigestInvalidForReferrersOfAnInvalidDigest() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/referrers/sha256:abc");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(OciClient.errorCode(response.body())).isEqualTo("DIGEST_INVALID");
  }
}

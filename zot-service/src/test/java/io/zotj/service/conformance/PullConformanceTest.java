package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pull workflow of the distribution-spec conformance suite. */
class PullConformanceTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final String REPO = "conformance/pull";
  private static final String UNKNOWN_DIGEST =
      "sha256:" + "0123456789abcdef".repeat(4);
  private static OciClient client;
  private static OciClient.Image image;

  @BeforeAll
  static void pushImage() {
    client = new OciClient(REGISTRY);
    image = client.pushImage(REPO, "v1", "pull");
  }

  @Test
  void pullsAManifestByTagWithItsMediaTypeAndDigest() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/manifests/v1",
        "Accept", OCI_MANIFEST);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(image.manifest());
    assertThat(response.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(image.digest());
  }

  @Test
  void pullsAManifestByDigest() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/manifests/" + image.digest(),
        "Accept", OCI_MANIFEST);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(image.manifest());
  }

  @Test
  void answersHeadOfAManifestByTagAndDigestWithoutABody() {
    for (String reference : new String[] {"v1", image.digest()}) {
      HttpResponse<byte[]> response = client.head("/v2/" + REPO + "/manifests/" + reference);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEmpty();
      assertThat(response.headers().firstValue("Content-Length"))
          .hasValue(String.valueOf(image.manifest().length));
      assertThat(response.headers().firstValue("Docker-Content-Digest"))
          .hasValue(image.digest());
      assertThat(response.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
    }
  }

  @Test
  void answers404ManifestUnknownForAnUnknownTagOrDigest() {
    for (String reference : new String[] {"nosuchtag", UNKNOWN_DIGEST}) {
      HttpResponse<byte[]> get = client.get("/v2/" + REPO + "/manifests/" + reference);
      assertThat(get.statusCode()).isEqualTo(404);
      assertThat(errorCode(get.body())).isEqualTo("MANIFEST_UNKNOWN");

      assertThat(client.head("/v2/" + REPO + "/manifests/" + reference).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void answers404ForAManifestOfARepositoryThatDoesNotExist() {
    HttpResponse<byte[]> response = client.get("/v2/conformance/nosuchrepo/manifests/v1");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(errorCode(response.body())).isIn("MANIFEST_UNKNOWN", "NAME_UNKNOWN");
  }

  @Test
  void pullsABlobAndAnswersItsHead() {
    HttpResponse<byte[]> get = client.get("/v2/" + REPO + "/blobs/" + image.layerDigest());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(image.layer());
    assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(image.layerDigest());

    HttpResponse<byte[]> head = client.head("/v2/" + REPO + "/blobs/" + image.layerDigest());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(image.layer().length));
    assertThat(head.headers().firstValue("Docker-Content-Digest"))
        .hasValue(image.layerDigest());
  }

  @Test
  void answers404BlobUnknownForAnUnknownBlob() {
    HttpResponse<byte[]> get = client.get("/v2/" + REPO + "/blobs/" + UNKNOWN_DIGEST);
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(errorCode(get.body())).isEqualTo("BLOB_UNKNOWN");

    assertThat(client.head("/v2/" + REPO + "/blobs/" + UNKNOWN_DIGEST).statusCode())
        .isEqualTo(404);
  }

  @Test
  void servesARangeOfABlobWith206() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/blobs/" + image.layerDigest(),
        "Range", "bytes=2-5");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(image.layer(), 2, 6));
    assertThat(response.headers().firstValue("Content-Range"))
        .hasValue("bytes 2-5/" + image.layer().length);
  }

  @Test
  void servesASuffixRangeOfABlob() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/blobs/" + image.layerDigest(),
        "Range", "bytes=-3");

    int size = image.layer().length;
    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(image.layer(), size - 3, size));
  }

  @Test
  void answers416ForARangePastTheEndOfTheBlob() {
    int size = image.layer().length;
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/blobs/" + image.layerDigest(),
        "Range", "bytes=" + size + "-" + (size + 10));

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
  }

  @Test
  void answersTheBaseEndpoint() {
    assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
    assertThat(client.get("/v2").statusCode()).isEqualTo(200);
  }
}

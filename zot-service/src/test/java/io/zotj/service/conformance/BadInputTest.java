package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.OCI_CONFIG;
import static io.zotj.service.conformance.OciClient.OCI_LAYER;
import static io.zotj.service.conformance.OciClient.OCI_MANIFEST;
import static io.zotj.service.conformance.OciClient.errorCode;
import static io.zotj.service.conformance.OciClient.sha256;
import static io.zotj.service.conformance.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.TestRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input of every kind is refused with its exact status and OCI error code, and leaves the
 * store as it was: earlier content still pulls, and no file appears outside the storage root.
 *
 * <p>Paths with {@code %2e%2e}, {@code %2F} or an empty segment ({@code //}) are refused by
 * Jetty's servlet layer with its own HTML 400 unless the application context decodes ambiguous
 * URIs; for those only the 400 and the store's integrity are required, and the OCI code
 * whenever the body is the registry's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final String REPO = "bad/repo";
  private static OciClient client;
  private static OciClient.Image image;
  private static Set<String> outsideBefore;

  @BeforeAll
  static void pushImage() throws IOException {
    client = new OciClient(REGISTRY);
    image = client.pushImage(REPO, "v1", "bad");
    outsideBefore = filesOutsideRoot();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String code) {
    assertThat(response.statusCode()).as(OciClient.text(response)).isEqualTo(status);
    assertThat(errorCode(response.body())).isEqualTo(code);
  }

  /** A raw answer: the status, and the OCI code when the registry (not Jetty) answered. */
  private static void assertRawError(OciClient.RawResponse response, int status, String code) {
    assertThat(response.status()).as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(status);
    boolean hasBody = response.body().length > 0; // a HEAD answer has none
    if (hasBody
        && String.valueOf(response.header("content-type")).startsWith("application/json")) {
      assertThat(errorCode(response.body())).isEqualTo(code);
    }
  }

  /** A raw answer that Jetty may give instead of the registry: 400, or the registry's own. */
  private static void assertRefused(OciClient.RawResponse response, int status, String code) {
    if (String.valueOf(response.header("content-type")).startsWith("application/json")
        || response.body().length == 0) {
      assertRawError(response, status, code);
    } else {
      assertThat(response.status()).isEqualTo(400);
    }
  }

  private static String uploadId(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static Path uploadFile(String repo, String location) {
    return REGISTRY.root().resolve(repo + "/.uploads/" + uploadId(location));
  }

  @Test
  void refusesAPutWithTheWrongDigestAndDiscardsTheSessionBytes() {
    String upload = client.startUpload(REPO);
    byte[] blob = bytes("the real bytes");
    String wrong = sha256(bytes("other bytes"));

    HttpResponse<byte[]> put = client.put(withQuery(upload, "digest=" + wrong), blob);

    assertError(put, 400, "DIGEST_INVALID");
    assertThat(uploadFile(REPO, upload)).doesNotExist();
    assertError(client.get(upload), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(client.head("/v2/" + REPO + "/blobs/" + wrong).statusCode()).isEqualTo(404);
    assertThat(client.head("/v2/" + REPO + "/blobs/" + sha256(blob)).statusCode())
        .isEqualTo(404);
  }

  @Test
  void refusesASinglePostWithTheWrongDigest() {
    byte[] blob = bytes("posted bytes");
    String wrong = sha256(bytes("not these"));

    HttpResponse<byte[]> post = client.post("/v2/" + REPO + "/blobs/uploads/?digest=" + wrong,
        blob);

    assertError(post, 400, "DIGEST_INVALID");
    assertThat(client.head("/v2/" + REPO + "/blobs/" + wrong).statusCode()).isEqualTo(404);
  }

  @Test
  void cutsATruncatedChunkOffAndKeepsTheSession() throws IOException {
    String upload = client.startUpload(REPO);
    assertThat(client.patch(upload, bytes("12345"), "Content-Range", "0-4").statusCode())
        .isEqualTo(202);

    OciClient.RawResponse patch = client.raw("PATCH " + upload + " HTTP/1.1\r\n"
        + "Content-Type: application/octet-stream\r\nContent-Length: 1000", bytes("only ten b"));

    assertThat(patch.status()).isEqualTo(400);
    assertThat(Files.size(uploadFile(REPO, upload))).isEqualTo(5);
    assertThat(client.get(upload).headers().firstValue("Range")).hasValue("0-4");
    byte[] blob = bytes("1234567890");
    HttpResponse<byte[]> put = client.put(withQuery(upload, "digest=" + sha256(blob)),
        bytes("67890"), "Content-Range", "5-9");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/" + REPO + "/blobs/" + sha256(blob)).body()).isEqualTo(blob);
  }

  @Test
  void storesNothingFromATruncatedMonolithicPutOrPost() throws IOException {
    byte[] blob = bytes("x".repeat(1000));
    String digest = sha256(blob);
    String upload = client.startUpload(REPO);
    Set<String> sessions = sessions();

    OciClient.RawResponse put = client.raw("PUT " + withQuery(upload, "digest=" + digest)
        + " HTTP/1.1\r\nContent-Length: 1000", bytes("x".repeat(10)));
    OciClient.RawResponse post = client.raw("POST /v2/" + REPO + "/blobs/uploads/?digest="
        + digest + " HTTP/1.1\r\nContent-Length: 1000", bytes("x".repeat(10)));

    assertThat(put.status()).isEqualTo(400);
    assertThat(post.status()).isEqualTo(400);
    assertThat(client.head("/v2/" + REPO + "/blobs/" + digest).statusCode()).isEqualTo(404);
    assertThat(client.get(upload).headers().firstValue("Range")).hasValue("0-0");
    assertThat(sessions()).as("no session left behind by the POST").isEqualTo(sessions);
  }

  private static Set<String> sessions() throws IOException {
    try (Stream<Path> list = Files.list(REGISTRY.root().resolve(REPO + "/.uploads"))) {
      return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void leavesNoSessionBehindAfterASinglePostWithTheWrongDigest() throws IOException {
    Set<String> before = sessions();

    client.post("/v2/" + REPO + "/blobs/uploads/?digest=" + sha256(bytes("b")), bytes("a"));

    assertThat(sessions()).isEqualTo(before);
  }

  @Test
  void cutsOffAStreamedChunkWhoseChunkedBodyBreaksOff() throws IOException {
    String upload = client.startUpload(REPO);

    OciClient.RawResponse patch = client.raw("PATCH " + upload + " HTTP/1.1\r\n"
        + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked",
        bytes("5\r\nhello\r\n400\r\nonly a few bytes of a 1 KiB chunk"));

    assertThat(patch.status()).isEqualTo(400);
    assertThat(Files.size(uploadFile(REPO, upload))).isZero();
    assertThat(client.get(upload).headers().firstValue("Range")).hasValue("0-0");
  }

  @Test
  void answers404ForTheSessionOfAnotherRepository() throws IOException {
    String upload = client.startUpload(REPO);
    String elsewhere = "/v2/bad/other/blobs/uploads/" + uploadId(upload);

    assertError(client.patch(elsewhere, bytes("abc")), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(client.delete(elsewhere), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(Files.size(uploadFile(REPO, upload))).isZero();
  }

  @Test
  void storesNothingFromATruncatedManifest() {
    OciClient.RawResponse put = client.raw("PUT /v2/" + REPO + "/manifests/truncated HTTP/1.1"
        + "\r\nContent-Type: " + OCI_MANIFEST + "\r\nContent-Length: "
        + (image.manifest().length + 50), image.manifest());

    assertRawError(put, 400, "MANIFEST_INVALID");
    assertThat(client.get("/v2/" + REPO + "/manifests/truncated").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAChunkOutOfOrderWith416AndKeepsTheSessionBytes() throws IOException {
    String upload = client.startUpload(REPO);
    client.patch(upload, bytes("abc"), "Content-Range", "0-2");

    HttpResponse<byte[]> gap = client.patch(upload, bytes("xyz"), "Content-Range", "5-7");
    HttpResponse<byte[]> overlap = client.patch(upload, bytes("xyz"), "Content-Range", "1-3");
    HttpResponse<byte[]> finalGap = client.put(withQuery(upload, "digest="
        + sha256(bytes("abcxyz"))), bytes("xyz"), "Content-Range", "4-6");

    assertThat(gap.statusCode()).isEqualTo(416);
    assertThat(overlap.statusCode()).isEqualTo(416);
    assertThat(finalGap.statusCode()).isEqualTo(416);
    assertThat(Files.readAllBytes(uploadFile(REPO, upload))).isEqualTo(bytes("abc"));
  }

  /**
   * A refusal sent before the request body was read closes the connection, so that a client
   * never reuses a connection the server is about to drop.
   */
  @Test
  void keepsTheConnectionUsableAfterRefusingARequestWhoseBodyWasNotRead() {
    String upload = client.startUpload(REPO);

    OciClient.RawResponse raw = client.raw("PATCH " + upload + " HTTP/1.1\r\n"
        + "Content-Range: 5-7\r\nContent-Length: 3", bytes("xyz"), false);
    assertThat(raw.status()).isEqualTo(416);
    assertThat(raw.header("Connection")).as("a short unread body is drained, not a reason to "
        + "close").isNull();

    for (int i = 0; i < 30; i++) {
      assertThat(client.patch(upload, bytes("xyz"), "Content-Range", "5-7").statusCode())
          .isEqualTo(416);
      assertThat(client.get(upload).statusCode()).isEqualTo(204);
    }
    assertThat(client.head("/v2/" + REPO + "/blobs/" + image.layerDigest()).headers()
        .firstValue("Connection")).as("no body, no reason to close").isEmpty();
  }

  @Test
  void refusesAChunkWhoseContentRangeDisagreesWithItsLength() throws IOException {
    String upload = client.startUpload(REPO);

    HttpResponse<byte[]> patch = client.patch(upload, bytes("abc"), "Content-Range", "0-9");

    assertError(patch, 400, "SIZE_INVALID");
    assertThat(Files.size(uploadFile(REPO, upload))).isZero();
  }

  @Test
  void answers404BlobUploadUnknownForAnUnknownOrMalformedUploadId() {
    String unknown = "/v2/" + REPO + "/blobs/uploads/" + UUID.randomUUID();
    assertError(client.get(unknown), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(client.patch(unknown, bytes("x")), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(client.put(withQuery(unknown, "digest=" + sha256(bytes("x"))), bytes("x")),
        404, "BLOB_UPLOAD_UNKNOWN");
    assertError(client.delete(unknown), 404, "BLOB_UPLOAD_UNKNOWN");

    for (String id : List.of("..", "not-a-uuid", "../../../escape", "a/b")) {
      OciClient.RawResponse get = client.raw("GET", "/v2/" + REPO + "/blobs/uploads/" + id);
      assertRawError(get, 404, "BLOB_UPLOAD_UNKNOWN");
      OciClient.RawResponse patch = client.raw("PATCH /v2/" + REPO + "/blobs/uploads/" + id
          + " HTTP/1.1\r\nContent-Length: 4", bytes("evil"));
      assertRawError(patch, 404, "BLOB_UPLOAD_UNKNOWN");
    }
    assertRefused(client.raw("PATCH /v2/" + REPO + "/blobs/uploads/..%2F..%2Fescape HTTP/1.1"
        + "\r\nContent-Length: 4", bytes("evil")), 404, "BLOB_UPLOAD_UNKNOWN");
    assertRefused(client.raw("GET", "/v2/" + REPO + "/blobs/uploads/%2e%2e"), 404,
        "BLOB_UPLOAD_UNKNOWN");
  }

  /**
   * Names off the grammar are NAME_INVALID (400). A trailing slash after an endpoint is no
   * endpoint at all, so it is 404, as the spec's route table implies.
   */
  @Test
  void refusesInvalidRepositoryNames() {
    for (String name : List.of("Upper", "a/../bad/repo", "..", "./bad", "bad/repo/",
        "a".repeat(256), "bad/blobs/repo", "-bad", "bad_/repo", "a" + "/b".repeat(200))) {
      assertRawError(client.raw("GET", "/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
      assertRawError(client.raw("POST /v2/" + name + "/blobs/uploads/ HTTP/1.1\r\n"
          + "Content-Length: 0", new byte[0]), 400, "NAME_INVALID");
    }
    assertThat(client.get("/v2/" + "a".repeat(255) + "/tags/list").statusCode())
        .isEqualTo(404);
    for (String name : List.of("a/%2e%2e/bad/repo", "bad%2Frepo", "%2e%2e", "bad/repo%2F")) {
      assertRefused(client.raw("GET", "/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
      assertRefused(client.raw("POST /v2/" + name + "/blobs/uploads/ HTTP/1.1\r\n"
          + "Content-Length: 0", new byte[0]), 400, "NAME_INVALID");
    }
    assertRawError(client.raw("GET", "/v2/" + REPO + "/tags/list/"), 404, "NAME_UNKNOWN");
  }

  @Test
  void refusesMalformedManifestsWith400ManifestInvalid() {
    String valid = new String(image.manifest(), StandardCharsets.UTF_8);
    String layerSize = "\"size\": " + image.layer().length + "}]";
    List<String> bad = List.of(
        "not json",
        "",
        "[]",
        "{\"schemaVersion\": 2",
        valid.replace("\"schemaVersion\": 2", "\"schemaVersion\": 1"),
        valid.replace("\"schemaVersion\": 2", "\"schemaVersion\": \"2\""),
        valid.replace("\"config\"", "\"konfig\""),
        valid.replace("\"layers\": [", "\"layers\": {\"x\": [").replace("}]", "}]}"),
        valid.replace(image.layerDigest(), "sha256:1234"),
        valid.replace(image.layerDigest(), "md5:d41d8cd98f00b204e9800998ecf8427e"),
        valid.replace(layerSize, layerSize.replace(": ", ": -")),
        valid.replace(layerSize, layerSize.replace("}]", ".5}]")),
        valid.replace("\"mediaType\": \"" + OCI_LAYER + "\", ", ""),
        valid.replace("{\"schemaVersion\": 2,", "{\"schemaVersion\": 2, \"schemaVersion\": 2,"),
        valid.replace("\"schemaVersion\": 2,",
            "\"schemaVersion\": 2, \"annotations\": {\"a\": 1},"),
        valid.replace("\"mediaType\": \"" + OCI_MANIFEST + "\"",
            "\"mediaType\": \"" + OciClient.DOCKER_MANIFEST + "\""));
    for (String manifest : bad) {
      HttpResponse<byte[]> put = client.putManifest(REPO, "broken", OCI_MANIFEST,
          bytes(manifest));
      assertThat(put.statusCode()).as(manifest).isEqualTo(400);
      assertThat(errorCode(put.body())).as(manifest).isEqualTo("MANIFEST_INVALID");
    }
    assertThat(client.get("/v2/" + REPO + "/manifests/broken").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAnInvalidTagWith400() {
    OciClient.RawResponse put = client.raw("PUT /v2/" + REPO + "/manifests/-bad HTTP/1.1\r\n"
        + "Content-Type: " + OCI_MANIFEST + "\r\nContent-Length: " + image.manifest().length,
        image.manifest());
    OciClient.RawResponse longTag = client.raw("GET", "/v2/" + REPO + "/manifests/"
        + "t".repeat(129));

    assertRawError(put, 400, "MANIFEST_INVALID");
    assertRawError(longTag, 400, "MANIFEST_INVALID");
  }

  @Test
  void refusesAManifestOver4MibWith413AndAnOciErrorBody() {
    String padding = "a".repeat(4 * 1024 * 1024);
    byte[] manifest = OciClient.imageManifest(OCI_MANIFEST, OCI_CONFIG, image.configDigest(),
        20, OCI_LAYER, image.layerDigest(), 9,
        ", \"annotations\": {\"padding\": \"" + padding + "\"}");

    HttpResponse<byte[]> put = client.putManifest(REPO, "huge", OCI_MANIFEST, manifest);

    assertThat(put.statusCode()).isEqualTo(413);
    assertThat(errorCode(put.body())).isEqualTo("MANIFEST_INVALID");
    assertThat(client.get("/v2/" + REPO + "/manifests/huge").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAManifestWhoseConfigIsMissingWith404ManifestBlobUnknown() {
    byte[] manifest = OciClient.imageManifest(OCI_MANIFEST, OCI_CONFIG,
        sha256(bytes("no config")), 9, OCI_LAYER, image.layerDigest(), 9, "");

    assertError(client.putManifest(REPO, "noconfig", OCI_MANIFEST, manifest), 404,
        "MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void refusesAnUnsupportedManifestMediaTypeWith415() {
    String type = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    byte[] manifest = bytes("{\"schemaVersion\": 1, \"name\": \"bad/repo\", \"tag\": \"v1\"}");

    HttpResponse<byte[]> put = client.putManifest(REPO, "schema1", type, manifest);

    assertThat(put.statusCode()).isEqualTo(415);
    assertThat(errorCode(put.body())).isEqualTo("MANIFEST_INVALID");
    assertThat(client.get("/v2/" + REPO + "/manifests/schema1").statusCode()).isEqualTo(404);
  }

  @Test
  void answers416ForARangePastTheEnd() {
    HttpResponse<byte[]> response = client.get("/v2/" + REPO + "/blobs/" + image.layerDigest(),
        "Range", "bytes=1000-2000");

    assertThat(response.statusCode()).isEqualTo(416);
  }

  @Test
  void refusesDigestsWithPathCharactersWith400DigestInvalid() {
    assertRawError(client.raw("GET", "/v2/" + REPO + "/blobs/sha256:../../x"), 400,
        "DIGEST_INVALID");
    assertRawError(client.raw("DELETE", "/v2/" + REPO + "/blobs/sha256:../../../bad"), 400,
        "DIGEST_INVALID");
    assertRawError(client.raw("GET", "/v2/" + REPO + "/manifests/sha256:.."), 400,
        "DIGEST_INVALID");
    assertRawError(client.raw("GET", "/v2/" + REPO + "/referrers/sha256:abc"), 400,
        "DIGEST_INVALID");
    assertRefused(client.raw("GET", "/v2/" + REPO + "/blobs/sha256%2F.."), 400,
        "DIGEST_INVALID");
    assertRefused(client.raw("HEAD", "/v2/" + REPO + "/blobs/sha256%2F..%2F..%2Fx"), 400,
        "DIGEST_INVALID");

    String upload = client.startUpload(REPO);
    assertError(client.put(withQuery(upload, "digest=sha256:../../x"), bytes("x")), 400,
        "DIGEST_INVALID");
    assertError(client.post("/v2/" + REPO + "/blobs/uploads/?digest=../../x", bytes("x")),
        400, "DIGEST_INVALID");
    assertError(client.post("/v2/" + REPO + "/blobs/uploads/?mount=sha256:../x&from=bad/repo",
        new byte[0]), 400, "DIGEST_INVALID");
    // A mount whose source is no valid name falls back to an upload session, as any failed
    // mount does: the spec's SHOULD.
    assertThat(client.post("/v2/" + REPO + "/blobs/uploads/?mount=" + image.layerDigest()
        + "&from=../../x", new byte[0]).statusCode()).isEqualTo(202);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void leftTheStoreIntactAndWroteNothingOutsideTheRoot() throws IOException {
    assertThat(client.get("/v2/" + REPO + "/manifests/v1").body()).isEqualTo(image.manifest());
    assertThat(client.get("/v2/" + REPO + "/blobs/" + image.layerDigest()).body())
        .isEqualTo(image.layer());
    assertThat(OciClient.json(client.get("/v2/" + REPO + "/tags/list").body()).path("tags")
        .toString()).isEqualTo("[\"v1\"]");
    assertThat(OciClient.json(client.get("/v2/_catalog").body()).path("repositories")
        .toString()).isEqualTo("[\"" + REPO + "\"]");

    assertThat(filesOutsideRoot()).isEqualTo(outsideBefore);
    // the root's own files: the dedupe index, its open marker and the server lock
    Pattern allowed = Pattern.compile("\\.zotj-(dedupe\\.cmap|dedupe\\.open|server\\.lock)"
        + "|bad(/repo(/(index\\.json|oci-layout|blobs|blobs/sha256"
        + "|blobs/sha256/[0-9a-f]{64}|\\.uploads|\\.uploads/[0-9a-f-]{36}))?)?");
    try (Stream<Path> walk = Files.walk(REGISTRY.root())) {
      List<String> unexpected = walk.filter(p -> !p.equals(REGISTRY.root()))
          .map(p -> REGISTRY.root().relativize(p).toString().replace('\\', '/'))
          .filter(p -> !allowed.matcher(p).matches()).toList();
      assertThat(unexpected).isEmpty();
    }
  }

  /** Every file under the test's temporary folder but outside the storage root. */
  private static Set<String> filesOutsideRoot() throws IOException {
    Path parent = REGISTRY.root().getParent();
    try (Stream<Path> walk = Files.walk(parent)) {
      return walk.filter(p -> !p.startsWith(REGISTRY.root()))
          .map(p -> parent.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}

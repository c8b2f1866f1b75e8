package io.zotj.service.conformance;

import static io.zotj.service.conformance.OciClient.json;
import static io.zotj.service.conformance.OciClient.location;
import static io.zotj.service.conformance.OciClient.sha256;
import static io.zotj.service.conformance.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zotj.service.testing.TestRegistry;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent pushes, restarts in the middle of an upload, big blobs and the version header. */
class ConcurrencyAndDurabilityTest {

  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final int THREADS = 8;

  private final OciClient client = new OciClient(REGISTRY);

  private static <T> List<T> inParallel(int tasks, IntTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int n = i;
        futures.add(pool.submit((Callable<T>) () -> task.run(n)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IntTask<T> {
    T run(int n) throws Exception;
  }

  @Test
  void concurrentPushesOfDifferentTagsToOneRepositoryLoseNoTag() throws Exception {
    List<List<OciClient.Image>> pushed = inParallel(THREADS, thread -> {
      List<OciClient.Image> images = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        images.add(client.pushImage("busy/repo", "t" + thread + "-" + i, thread + "/" + i));
      }
      return images;
    });

    JsonNode tags = json(client.get("/v2/busy/repo/tags/list").body()).path("tags");
    assertThat(tags.size()).isEqualTo(THREADS * 20);
    for (int thread = 0; thread < THREADS; thread++) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<byte[]> get = client.get("/v2/busy/repo/manifests/t" + thread + "-" + i);
        assertThat(get.body()).isEqualTo(pushed.get(thread).get(i).manifest());
      }
    }
  }

  @Test
  void concurrentUploadsOfTheSameBlobAllSucceed() throws Exception {
    byte[] blob = new byte[200_000];
    new Random(7).nextBytes(blob);

    List<Integer> statuses = inParallel(THREADS * 2, n -> {
      String upload = client.startUpload("busy/sameblob");
      return client.put(withQuery(upload, "digest=" + sha256(blob)), blob).statusCode();
    });

    assertThat(statuses).containsOnly(201);
    assertThat(client.get("/v2/busy/sameblob/blobs/" + sha256(blob)).body()).isEqualTo(blob);
    assertThat(REGISTRY.root().resolve("busy/sameblob/.uploads").toFile().list()).isEmpty();
  }

  @Test
  void concurrentPushesOfOneTagLeaveItOnOneOfTheManifests() throws Exception {
    List<OciClient.Image> images = inParallel(THREADS, n ->
        client.pushImage("busy/onetag", "latest", "contender " + n));

    HttpResponse<byte[]> get = client.get("/v2/busy/onetag/manifests/latest");
    assertThat(images.stream().map(OciClient.Image::digest))
        .contains(get.headers().firstValue("Docker-Content-Digest").orElseThrow());
    assertThat(json(client.get("/v2/busy/onetag/tags/list").body()).path("tags").toString())
        .isEqualTo("[\"latest\"]");
    for (OciClient.Image image : images) {
      assertThat(client.get("/v2/busy/onetag/manifests/" + image.digest()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void anUploadSessionSurvivesARestartAndCompletesWithTheRightDigest() throws Exception {
    OciClient.Image image = client.pushImage("durable/repo", "before", "restart");
    byte[] blob = new byte[700_000];
    new Random(11).nextBytes(blob);
    String upload = client.startUpload("durable/repo");
    HttpResponse<byte[]> first = client.patch(upload, Arrays.copyOfRange(blob, 0, 300_000),
        "Content-Range", "0-299999");
    assertThat(first.statusCode()).isEqualTo(202);

    REGISTRY.stop();
    REGISTRY.start();

    HttpResponse<byte[]> status = client.get(upload);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).hasValue("0-299999");
    HttpResponse<byte[]> second = client.patch(location(status),
        Arrays.copyOfRange(blob, 300_000, 600_000), "Content-Range", "300000-599999");
    assertThat(second.statusCode()).isEqualTo(202);
    HttpResponse<byte[]> put = client.put(withQuery(location(second), "digest=" + sha256(blob)),
        Arrays.copyOfRange(blob, 600_000, blob.length), "Content-Range", "600000-699999");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client.get("/v2/durable/repo/blobs/" + sha256(blob)).body()).isEqualTo(blob);

    assertThat(client.get("/v2/durable/repo/manifests/before").body())
        .isEqualTo(image.manifest());
    assertThat(json(client.get("/v2/_catalog").body()).path("repositories").toString())
        .contains("\"durable/repo\"");
  }

  @Test
  void aRestartInTheMiddleOfAnUploadStillCatchesAWrongDigest() throws Exception {
    String upload = client.startUpload("durable/wrong");
    client.patch(upload, "some bytes".getBytes(StandardCharsets.UTF_8), "Content-Range", "0-9");

    REGISTRY.stop();
    REGISTRY.start();

    String wrong = sha256("other bytes".getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> put = client.put(withQuery(upload, "digest=" + wrong), new byte[0]);
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(OciClient.errorCode(put.body())).isEqualTo("DIGEST_INVALID");
    assertThat(client.head("/v2/durable/wrong/blobs/" + wrong).statusCode()).isEqualTo(404);
  }

  @Test
  void a20MibBlobRoundTripsByteExact() throws Exception {
    int size = 20 * 1024 * 1024;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new PatternStream(size)) {
      byte[] buffer = new byte[65536];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());

    String upload = client.startUpload("big/blob");
    HttpResponse<byte[]> patch = client.patchStreamed(upload, () -> new PatternStream(size));
    assertThat(patch.statusCode()).isEqualTo(202);
    assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (size - 1));
    HttpResponse<byte[]> put = client.put(withQuery(location(patch), "digest=" + digest),
        new byte[0]);
    assertThat(put.statusCode()).isEqualTo(201);

    HttpResponse<byte[]> get = client.get("/v2/big/blob/blobs/" + digest);
    assertThat(get.body()).hasSize(size);
    assertThat(sha256(get.body())).isEqualTo(digest);
    HttpResponse<byte[]> tail = client.get("/v2/big/blob/blobs/" + digest,
        "Range", "bytes=" + (size - 10) + "-");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(get.body(), size - 10, size));
  }

  @Test
  void everyRegistryAnswerCarriesTheApiVersionHeader() {
    List<OciClient.RawResponse> answers = List.of(
        client.raw("GET", "/v2/"),
        client.raw("GET", "/v2/nosuch/repo/tags/list"),
        client.raw("POST", "/v2/some/repo/tags/list"),
        client.raw("OPTIONS", "/v2/some/repo/manifests/latest"),
        client.raw("GET", "/v2/some/repo/nothing/here"),
        client.raw("GET", "/v2/Invalid/tags/list"),
        client.raw("DELETE", "/v2/"),
        client.raw("GET", "/v2/_catalog?n=abc"));
    for (OciClient.RawResponse answer : answers) {
      assertThat(answer.header("Docker-Distribution-API-Version")).as("%s %s",
          answer.status(), new String(answer.body(), StandardCharsets.UTF_8))
          .isEqualTo("registry/2.0");
      if (answer.status() >= 400) {
        assertThat(answer.header("content-type")).startsWith("application/json");
        OciClient.errorCode(answer.body());
      }
    }
  }

  /** A deterministic stream of {@code size} bytes that never holds them all in memory. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    PatternStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      long p = position++;
      return (int) ((p * 31 + (p >>> 11)) & 0xff);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) read();
      }
      return n;
    }
  }
}

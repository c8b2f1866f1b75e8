package io.zotj.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** A tiny OCI client over java.net.http for the storage tests: push, mount, pull, delete. */
final class Oci {

  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI base;

  Oci(URI base) {
    this.base = base;
  }

  static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(bytes));
  }

  HttpResponse<byte[]> send(String method, String path, byte[] body, String type)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Pushes a blob in one request; returns its digest. */
  String pushBlob(String repo, byte[] bytes) throws Exception {
    String digest = sha256(bytes);
    HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest,
        bytes, "application/octet-stream");
    assertThat(r.statusCode()).as("push blob to %s", repo).isEqualTo(201);
    return digest;
  }

  int mount(String repo, String digest, String from) throws Exception {
    return send("POST", "/v2/" + repo + "/blobs/uploads/?mount=" + digest + "&from=" + from,
        null, null).statusCode();
  }

  /** An image manifest of a config and the given layers. */
  static byte[] manifest(String config, long configSize, List<String> layers, List<Long> sizes) {
    StringBuilder ls = new StringBuilder();
    for (int i = 0; i < layers.size(); i++) {
      ls.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1"
          + ".tar\",\"digest\":\"").append(layers.get(i)).append("\",\"size\":")
          .append(sizes.get(i)).append('}');
    }
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
        + "\",\"size\":" + configSize + "},\"layers\":[" + ls + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes config + one layer + manifest under a tag; returns the manifest digest. */
  String pushImage(String repo, String tag, byte[] layer) throws Exception {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + repo + tag
        + "\"}").getBytes(StandardCharsets.UTF_8);
    String c = pushBlob(repo, config);
    String l = pushBlob(repo, layer);
    byte[] m = manifest(c, config.length, List.of(l), List.of((long) layer.length));
    HttpResponse<byte[]> r = send("PUT", "/v2/" + repo + "/manifests/" + tag, m, MANIFEST);
    assertThat(r.statusCode()).as("push manifest %s:%s", repo, tag).isEqualTo(201);
    return sha256(m);
  }

  HttpResponse<byte[]> getBlob(String repo, String digest) throws Exception {
    return send("GET", "/v2/" + repo + "/blobs/" + digest, null, null);
  }
}

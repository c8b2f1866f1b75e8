package io.zotj.service.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;

/** Raw HTTP against the registry under test, with or without credentials. */
final class Http {

  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final HttpClient client;
  private final URI base;

  Http(URI base) {
    this(base, null);
  }

  Http(URI base, SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
    this.base = base;
  }

  /** The value of a Basic Authorization header. */
  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> send(String method, String path, String authorization) {
    return send(method, path, authorization, new byte[0], null);
  }

  HttpResponse<String> send(String method, String path, String authorization, byte[] body,
      String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(60)).header("Accept", OCI_MANIFEST);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Uploads a blob in one POST; the status of that POST. */
  int pushBlob(String repo, byte[] bytes, String authorization) {
    return send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest(bytes),
        authorization, bytes, "application/octet-stream").statusCode();
  }

  /** A one-layer image manifest whose config and layer are derived from {@code seed}. */
  static byte[] manifest(String seed) {
    byte[] config = config(seed);
    byte[] layer = layer(seed);
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", OCI_MANIFEST);
    ObjectNode c = m.putObject("config");
    c.put("mediaType", "application/vnd.oci.image.config.v1+json");
    c.put("digest", digest(config));
    c.put("size", config.length);
    ObjectNode l = m.putArray("layers").addObject();
    l.put("mediaType", "application/vnd.oci.image.layer.v1.tar");
    l.put("digest", digest(layer));
    l.put("size", layer.length);
    try {
      return JSON.writeValueAsBytes(m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] config(String seed) {
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] layer(String seed) {
    return ("layer of " + seed).getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes config, layer and manifest under {@code tag}; the manifest PUT's response. */
  HttpResponse<String> pushImage(String repo, String tag, String seed, String authorization) {
    pushBlob(repo, config(seed), authorization);
    pushBlob(repo, layer(seed), authorization);
    return send("PUT", "/v2/" + repo + "/manifests/" + tag, authorization, manifest(seed),
        OCI_MANIFEST);
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

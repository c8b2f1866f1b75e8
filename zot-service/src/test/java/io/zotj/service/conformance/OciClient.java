package io.zotj.service.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zotj.service.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small registry client for the tests: one call per protocol step, with the raw
 * {@link HttpResponse} returned so that every status and header can be checked. Every response
 * it sees must carry {@code Docker-Distribution-API-Version: registry/2.0}.
 */
final class OciClient {

  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  static final ObjectMapper JSON = new ObjectMapper();

  private final TestRegistry registry;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  OciClient(TestRegistry registry) {
    this.registry = registry;
  }

  /** A request to {@code path} (raw, relative to the registry); headers as name, value pairs. */
  HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body,
      String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.uri() + path))
        .timeout(Duration.ofSeconds(60)).method(method, body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
          .as("API version header of %s %s", method, path).hasValue("registry/2.0");
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  HttpResponse<byte[]> head(String path, String... headers) {
    return send("HEAD", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  HttpResponse<byte[]> delete(String path) {
    return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
  }

  HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
    return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  HttpResponse<byte[]> patch(String path, byte[] body, String... headers) {
    return send("PATCH", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  /** A PATCH whose body is sent with chunked transfer encoding and no Content-Length. */
  HttpResponse<byte[]> patchStreamed(String path, Supplier<InputStream> body) {
    return send("PATCH", path, HttpRequest.BodyPublishers.ofInputStream(body),
        "Content-Type", "application/octet-stream");
  }

  HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
    return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  /** POST to open an upload session; returns its relative Location. */
  String startUpload(String repo) {
    HttpResponse<byte[]> response = post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
    assertThat(response.statusCode()).isEqualTo(202);
    return location(response);
  }

  /** Pushes a blob with POST then a monolithic PUT; returns its digest. */
  String pushBlob(String repo, byte[] content) {
    String digest = sha256(content);
    HttpResponse<byte[]> response = put(withQuery(startUpload(repo), "digest=" + digest),
        content, "Content-Type", "application/octet-stream");
    assertThat(response.statusCode()).as("blob PUT: %s", text(response)).isEqualTo(201);
    return digest;
  }

  HttpResponse<byte[]> putManifest(String repo, String reference, String mediaType,
      byte[] content) {
    return put("/v2/" + repo + "/manifests/" + reference, content, "Content-Type", mediaType);
  }

  /** Pushes a manifest and checks the 201 and its digest; returns the digest. */
  String pushManifest(String repo, String reference, String mediaType, byte[] content) {
    HttpResponse<byte[]> response = putManifest(repo, reference, mediaType, content);
    assertThat(response.statusCode()).as("manifest PUT: %s", text(response)).isEqualTo(201);
    assertThat(response.headers().firstValue("Docker-Content-Digest"))
        .hasValue(sha256(content));
    return sha256(content);
  }

  /** Pushes a config and a layer and an OCI manifest of them under {@code tag}. */
  Image pushImage(String repo, String tag, String label) {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"label\":\"" + label
        + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer of " + label).getBytes(StandardCharsets.UTF_8);
    String configDigest = pushBlob(repo, config);
    String layerDigest = pushBlob(repo, layer);
    byte[] manifest = imageManifest(OCI_MANIFEST, OCI_CONFIG, configDigest, config.length,
        OCI_LAYER, layerDigest, layer.length, "");
    String digest = pushManifest(repo, tag, OCI_MANIFEST, manifest);
    return new Image(manifest, digest, configDigest, layerDigest, layer);
  }

  /** An image manifest's bytes; {@code extra} is inserted as more top-level fields. */
  static byte[] imageManifest(String mediaType, String configType, String configDigest,
      long configSize, String layerType, String layerDigest, long layerSize, String extra) {
    return ("""
        {"schemaVersion": 2, "mediaType": "%s",
          "config": {"mediaType": "%s", "digest": "%s", "size": %d},
          "layers": [{"mediaType": "%s", "digest": "%s", "size": %d}]%s}
        """.formatted(mediaType, configType, configDigest, configSize, layerType, layerDigest,
        layerSize, extra)).getBytes(StandardCharsets.UTF_8);
  }

  /** What {@link #pushImage} pushed. */
  record Image(byte[] manifest, String digest, String configDigest, String layerDigest,
      byte[] layer) {}

  static String location(HttpResponse<?> response) {
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).as("Location is relative").startsWith("/v2/");
    return location;
  }

  static String withQuery(String location, String query) {
    return location + (location.contains("?") ? "&" : "?") + query;
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static JsonNode json(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code code} of the first error of an OCI error body. */
  static String errorCode(byte[] body) {
    JsonNode errors = json(body).path("errors");
    assertThat(errors.isArray()).as("an OCI error body: %s",
        new String(body, StandardCharsets.UTF_8)).isTrue();
    return errors.get(0).path("code").asText();
  }

  static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A response read from a raw socket. */
  record RawResponse(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) and {@code body} on a
   * fresh socket exactly as given, closes the sending side and reads the response.
   */
  RawResponse raw(String head, byte[] body) {
    return raw(head, body, true);
  }

  /**
   * As {@link #raw(String, byte[])}; without {@code close} the request asks to keep the
   * connection open, and only the response's head and declared body are read.
   */
  RawResponse raw(String head, byte[] body, boolean close) {
    URI uri = registry.uri();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\nHost: " + registry.hostPort()
          + (close ? "\r\nConnection: close" : "") + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      if (close) {
        socket.shutdownOutput();
        return parse(socket.getInputStream().readAllBytes());
      }
      return parse(readOneResponse(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readOneResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int guard = 0; guard < 65536; guard++) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        java.util.regex.Matcher length = java.util.regex.Pattern
            .compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
        if (length.find()) {
          head.write(in.readNBytes(Integer.parseInt(length.group(1))));
        }
        break;
      }
    }
    return head.toByteArray();
  }

  /** A raw request without a body. */
  RawResponse raw(String method, String rawPath) {
    return raw(method + " " + rawPath + " HTTP/1.1", new byte[0]);
  }

  private static RawResponse parse(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    assertThat(end).as("a complete response head: %s", all).isPositive();
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] rest = all.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunk(rest);
    }
    return new RawResponse(status, headers, rest);
  }

  private static byte[] dechunk(byte[] chunked) {
    String s = new String(chunked, StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    for (int guard = 0; guard < 10_000 && at < s.length(); guard++) {
      int eol = s.indexOf("\r\n", at);
      int size = Integer.parseInt(s.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.writeBytes(s.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
      at = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }
}

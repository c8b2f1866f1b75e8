package io.zotj.service.clients;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Plain HTTP reads of the registry under test, to check what a client left there. */
final class RegistryHttp {

  static final String ACCEPT_ALL = String.join(", ", ImageLayout.OCI_MANIFEST,
      ImageLayout.OCI_INDEX, "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json");

  /** A response: status, body, Content-Type and Docker-Content-Digest. */
  record Answer(int status, byte[] body, Optional<String> contentType,
      Optional<String> digest) {}

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;

  RegistryHttp(URI base) {
    this.base = base;
  }

  Answer manifest(String repository, String reference) {
    return send("GET", "/v2/" + repository + "/manifests/" + reference);
  }

  Answer headManifest(String repository, String reference) {
    return send("HEAD", "/v2/" + repository + "/manifests/" + reference);
  }

  Answer blob(String repository, String digest) {
    return send("GET", "/v2/" + repository + "/blobs/" + digest);
  }

  Answer get(String path) {
    return send("GET", path);
  }

  private Answer send(String method, String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .header("Accept", ACCEPT_ALL).timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.body(),
          response.headers().firstValue("Content-Type"),
          response.headers().firstValue("Docker-Content-Digest"));
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

package io.zotj.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.service.testing.ServiceConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops sending in the middle of a chunk is cut off by the connector's idle
 * timeout instead of holding a thread forever, and its half chunk leaves no trace in the
 * session, which still takes the chunk when it is sent again.
 */
class StalledClientIT {

  @TempDir Path dir;

  @Test
  void stalledChunkTimesOutAndIsRolledBack() throws Exception {
    int port = ServiceConfig.write(dir, ", idleTimeout: 2s", "logging:\n  level: WARN\n")
        .port();
    try (ServiceProcess service = new ServiceProcess(dir.resolve("config.yaml"),
        dir.resolve("log"), port)) {
      service.start();
      HttpClient http = HttpClient.newHttpClient();
      String location = http.send(HttpRequest.newBuilder(
              service.uri().resolve("/v2/stall/blobs/uploads/"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();

      long started = System.nanoTime();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Range: 0-99999\r\n"
            + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1000]);
        out.flush();
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
          // the server answers with an error or closes; either ends the stall
        }
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));

      HttpResponse<Void> status = http.send(HttpRequest.newBuilder(service.uri()
          .resolve(location)).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(status.statusCode()).isEqualTo(204);
      assertThat(status.headers().firstValue("Range")).hasValue("0-0");

      byte[] chunk = new byte[1000];
      HttpResponse<Void> patch = http.send(HttpRequest.newBuilder(service.uri().resolve(location))
          .header("Content-Range", "0-999")
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(patch.statusCode()).isEqualTo(202);
      assertThat(patch.headers().firstValue("Range")).hasValue("0-999");
    }
  }
}

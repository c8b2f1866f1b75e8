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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM lets a request in flight finish, then the service stops. */
class GracefulShutdownIT {

  @TempDir Path dir;

  @Test
  void aChunkBeingSentWhenSigtermArrivesIsStillAccepted() throws Exception {
    int port = ServiceConfig.write(dir, "", "log:\n  level: info\n").port();
    Path log = dir.resolve("log");
    try (ServiceProcess service = new ServiceProcess(dir.resolve("config.yaml"), log, port)) {
      service.start();
      String location = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              service.uri().resolve("/v2/graceful/blobs/uploads/"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();

      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Range: 0-1999\r\nContent-Length: 2000\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1000]);
        out.flush();
        Thread.sleep(500);

        Thread stopper = new Thread(() -> {
          try {
            service.terminate(Duration.ofSeconds(40));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        stopper.start();
        Thread.sleep(1000);
        assertThat(service.isAlive()).as("waits for the request in flight").isTrue();

        out.write(new byte[1000]);
        out.flush();
        InputStream in = socket.getInputStream();
        String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        assertThat(head).isEqualTo("HTTP/1.1 202");
        stopper.join(40_000);
      }
      assertThat(service.isAlive()).isFalse();
      assertThat(Files.readString(log)).contains("zot stopped");
    }
  }
}

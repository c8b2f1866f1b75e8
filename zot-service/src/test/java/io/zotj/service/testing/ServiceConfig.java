package io.zotj.service.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration file for a service started as its own process: storage under {@code dir},
 * the application and admin connectors on free loopback ports, the request log off.
 *
 * @param file the written {@code config.yaml}
 * @param port the application connector's port
 * @param adminPort the admin connector's port
 */
public record ServiceConfig(Path file, int port, int adminPort) {

  /**
   * Writes {@code dir/config.yaml}.
   *
   * @param connectorOptions more keys of the application connector ({@code ", idleTimeout: 2s"})
   * @param extraYaml top-level sections appended as they are ({@code log:}, {@code extensions:})
   */
  public static ServiceConfig write(Path dir, String connectorOptions, String extraYaml)
      throws IOException {
    Files.createDirectories(dir);
    int port = freePort();
    int adminPort = freePort();
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, """
        storage:
          rootDirectory: "%s"
        server:
          applicationConnectors: [{type: http, port: %d, bindHost: 127.0.0.1%s}]
          adminConnectors: [{type: http, port: %d, bindHost: 127.0.0.1}]
          requestLog: {appenders: []}
        """.formatted(dir.resolve("storage"), port, connectorOptions, adminPort) + extraYaml);
    return new ServiceConfig(file, port, adminPort);
  }

  /** A loopback port free at the moment of asking. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

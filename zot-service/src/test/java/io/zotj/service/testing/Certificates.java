package io.zotj.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and certificates it signs, made at run time with the {@code openssl} command (no
 * key material is kept in the repository). Keys are RSA 2048, written as PKCS#8 PEM.
 */
public final class Certificates {

  private final Path dir;

  /** Creates a CA ({@code ca.crt}, {@code ca.key}) in {@code dir}. */
  public Certificates(Path dir, String caName) {
    this.dir = dir;
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
        "ca.crt", "-subj", "/CN=" + caName, "-days", "2",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  }

  public Path caCert() {
    return dir.resolve("ca.crt");
  }

  public Path dir() {
    return dir;
  }

  /** A server certificate for 127.0.0.1 and localhost: {@code <name>.crt}, {@code .key}. */
  public Path server(String name) {
    return sign(name, "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        + "extendedKeyUsage=serverAuth\n", null);
  }

  /** A client certificate whose subject CN is {@code user}. */
  public Path client(String name, String user) {
    return sign(name, user, "extendedKeyUsage=clientAuth\n", null);
  }

  /** A server certificate that expired in 2020. */
  public Path expiredServer(String name) {
    return sign(name, "127.0.0.1", "subjectAltName=IP:127.0.0.1\n", "20200102000000Z");
  }

  /** The key file of a certificate made here. */
  public Path key(String name) {
    return dir.resolve(name + ".key");
  }

  private Path sign(String name, String cn, String extensions, String expiredOn) {
    try {
      Files.writeString(dir.resolve(name + ".ext"), extensions);
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
          name + ".csr", "-subj", "/CN=" + cn);
      if (expiredOn == null) {
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-sha256",
            "-extfile", name + ".ext");
      } else {
        Files.writeString(dir.resolve("ca.cnf"), """
            [ca]
            default_ca = test
            [test]
            database = index.txt
            new_certs_dir = .
            serial = ca.serial
            default_md = sha256
            policy = any
            [any]
            commonName = supplied
            """);
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("ca.serial"), "1000\n");
        openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key",
            "-in", name + ".csr", "-out", name + ".crt", "-notext", "-extfile", name + ".ext",
            "-startdate", "20200101000000Z", "-enddate", expiredOn);
      }
      return dir.resolve(name + ".crt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed:\n"
            + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

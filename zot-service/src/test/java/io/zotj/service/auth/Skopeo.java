package io.zotj.service.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * skopeo as a child process with its own HOME, and a one-layer OCI layout for it to push
 * (made with tar and gzip at run time).
 */
final class Skopeo {

  /** What a run left: exit code and the merged output. */
  record Result(int exitCode, String output) {
    Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("skopeo failed (" + exitCode + "):\n" + output);
      }
      return this;
    }
  }

  private final Path home;

  Skopeo(Path home) {
    this.home = home;
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("skopeo"));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(Files.createDirectories(home), "skopeo-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().retainAll(List.of("PATH", "LANG"));
      env.put("HOME", home.toString());
      env.put("XDG_RUNTIME_DIR", Files.createDirectories(home.resolve("run")).toString());
      env.put("XDG_CONFIG_HOME", Files.createDirectories(home.resolve("config")).toString());
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("skopeo did not finish: " + command);
      }
      return new Result(process.exitValue(), Files.readString(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** An OCI layout at {@code dir} holding one small image tagged {@code v1}. */
  static Path layout(Path dir, String seed) throws IOException {
    Path content = Files.createDirectories(dir.resolve("content"));
    Files.writeString(content.resolve("hello.txt"), "hello from " + seed + "\n");
    Commands.run(dir, "tar", "--owner=0", "--group=0", "--mtime=2020-01-01", "-czf",
        "layer.tar.gz", "-C", content.toString(), "hello.txt");
    byte[] layer = Files.readAllBytes(dir.resolve("layer.tar.gz"));
    String diffId = Http.digest(uncompressed(dir));
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":"
        + "\"layers\",\"diff_ids\":[\"" + diffId + "\"]},\"config\":{}}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + Http.OCI_MANIFEST
        + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
        + "\"digest\":\"" + Http.digest(config) + "\",\"size\":" + config.length + "},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + Http.digest(layer) + "\",\"size\":" + layer.length + "}]}")
        .getBytes(StandardCharsets.UTF_8);
    Path layout = Files.createDirectories(dir.resolve("layout"));
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    for (byte[] blob : List.of(layer, config, manifest)) {
      Files.write(blobs.resolve(Http.digest(blob).substring(7)), blob);
    }
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{"
        + "\"mediaType\":\"" + Http.OCI_MANIFEST + "\",\"digest\":\"" + Http.digest(manifest)
        + "\",\"size\":" + manifest.length + ",\"annotations\":{"
        + "\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
    return layout;
  }

  private static byte[] uncompressed(Path dir) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(
        Files.newInputStream(dir.resolve("layer.tar.gz")))) {
      return in.readAllBytes();
    }
  }
}

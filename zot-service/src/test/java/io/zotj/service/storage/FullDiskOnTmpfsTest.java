package io.zotj.service.storage;

import io.zotj.service.testing.QuotaStorageDriverFactory;
import io.zotj.service.testing.TestRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The full-disk push on a real small file system (tmpfs), filled with a file beside the store;
 * small, but with room for the dedupe index, which reserves its file's space when created.
 * Mounting needs root, as CI runs the build; where it cannot mount, the test says so on
 * standard error and runs with the error injected under the store instead, never skipped.
 */
class FullDiskOnTmpfsTest extends FullDisk {

  private static final int SIZE_MIB = 96;

  private static Path scratch;
  private static Path mount;
  private static boolean mounted;
  private static TestRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    scratch = Files.createTempDirectory("zot-full-");
    mount = Files.createDirectory(scratch.resolve("tiny"));
    String refused = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE_MIB + "m", "tmpfs",
        mount.toString());
    mounted = refused == null;
    if (!mounted) {
      System.err.println("FullDiskOnTmpfsTest: cannot mount a tmpfs (" + refused
          + "); injecting the full disk under the store instead");
    }
    registry = TestRegistry.zot(dir -> """
        storage:
          rootDirectory: "%s"
          %s
        http: {address: 127.0.0.1, port: 0}
        log: {level: info}
        """.formatted(mount.resolve("storage"), mounted ? "" : "storageDriver: {name: quota}"));
    registry.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      registry.stop();
      TestRegistry.deleteTree(registry.folder());
    } finally {
      if (mounted) {
        String failed = run("umount", mount.toString());
        if (failed != null) {
          throw new IllegalStateException("umount " + mount + ": " + failed);
        }
      }
      TestRegistry.deleteTree(scratch);
    }
  }

  @Override
  TestRegistry registry() {
    return registry;
  }

  @Override
  Path root() {
    return mount.resolve("storage");
  }

  @Override
  void fill(long bytes) throws Exception {
    if (!mounted) {
      QuotaStorageDriverFactory.allow(bytes);
      return;
    }
    Path filler = Files.createTempFile(mount, "filler-", "");
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (Files.getFileStore(mount).getUsableSpace() > bytes) {
        long free = Files.getFileStore(mount).getUsableSpace();
        out.write(block, 0, (int) Math.min(block.length, Math.max(4096, free - bytes)));
        out.flush();
      }
    } catch (IOException full) {
      // no space left at all: as full as it gets
    }
  }

  @Override
  @AfterEach
  void free() throws Exception {
    QuotaStorageDriverFactory.unlimited();
    if (mounted) {
      try (var fillers = Files.list(mount)) {
        for (Path p : fillers.filter(p -> p.getFileName().toString().startsWith("filler-"))
            .toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Runs a command; null when it succeeded, else what it printed. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "timed out";
    }
    return process.exitValue() == 0 ? null : output.trim();
  }
}

package io.zotj.service.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log.audit}: one JSON line per mutating request (push, tag, delete, upload), whether it
 * succeeded or was refused, appended by a single writer thread so that concurrent requests never
 * interleave or lose lines. Fields: {@code time}, {@code client}, {@code forwardedFor},
 * {@code subject}, {@code method}, {@code action}, {@code repository}, {@code reference},
 * {@code status}. Never credentials.
 */
public final class AuditLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern PATH = Pattern.compile(
      "^/v2/(.+?)/(manifests|blobs|tags|referrers)/(.*)$");
  private static final int BATCH = 512;

  private final Path file;
  private final BlockingQueue<byte[]> lines = new LinkedBlockingQueue<>(100_000);
  private final Thread writer;
  private volatile boolean closing;

  /** One audited request. */
  public record Entry(Instant time, String client, String forwardedFor, String subject,
      String method, String action, String path, int status) {}

  public AuditLog(Path file) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // fail at start-up, not at the first push, when the file cannot be written
    Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
    this.writer = new Thread(this::drain, "audit-log");
    this.writer.setDaemon(true);
    this.writer.start();
    LOG.info("Audit log: {}", file);
  }

  /** Whether a request method changes the registry. */
  public static boolean mutating(String method) {
    return switch (method) {
      case "PUT", "POST", "PATCH", "DELETE" -> true;
      default -> false;
    };
  }

  /** Queues one line; blocks only when 100,000 lines are waiting. */
  public void record(Entry entry) {
    ObjectNode line = JSON.createObjectNode();
    line.put("time", entry.time().toString());
    line.put("client", entry.client());
    if (entry.forwardedFor() != null) {
      line.put("forwardedFor", entry.forwardedFor());
    }
    line.put("subject", entry.subject());
    line.put("method", entry.method());
    line.put("action", entry.action());
    Matcher m = PATH.matcher(entry.path());
    if (m.matches()) {
      line.put("repository", m.group(1));
      line.put("reference", m.group(2).equals("blobs") || m.group(2).equals("manifests")
          ? m.group(3) : m.group(2) + "/" + m.group(3));
    } else {
      line.put("path", entry.path());
    }
    line.put("status", entry.status());
    try {
      byte[] bytes = JSON.writeValueAsBytes(line);
      byte[] withNewline = new byte[bytes.length + 1];
      System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
      withNewline[bytes.length] = '\n';
      lines.put(withNewline);
    } catch (IOException e) {
      LOG.error("Audit: cannot write an entry as JSON", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    List<byte[]> batch = new ArrayList<>(BATCH);
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      while (!closing || !lines.isEmpty()) {
        byte[] first = lines.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        lines.drainTo(batch, BATCH - 1);
        for (byte[] line : batch) {
          out.write(line);
        }
        out.flush();
        batch.clear();
      }
    } catch (IOException e) {
      LOG.error("Audit: cannot append to {}; audit lines are being lost", file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    writer.join(TimeUnit.SECONDS.toMillis(10));
  }
}

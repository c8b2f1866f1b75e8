package io.zotj.service.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An htpasswd file of bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}) and SHA-crypt
 * ({@code $5$}, {@code $6$}) entries. Any other format is refused with a warning naming the line
 * (never its content), and never taken as a plain-text password. The file is read again when its
 * modification time or size changes, checked at most once a second.
 */
final class Htpasswd implements PasswordSource {

  private static final Logger LOG = LoggerFactory.getLogger(Htpasswd.class);
  private static final long RECHECK_NANOS = 1_000_000_000L;
  private static final List<String> PREFIXES = List.of("$2y$", "$2a$", "$2b$", "$5$", "$6$");

  private final Path path;
  private volatile Runnable onReload = () -> { };
  private volatile Snapshot snapshot;
  private volatile long checkedAt;

  private record Snapshot(FileTime modified, long size, Map<String, String> hashes) {}

  /** Reads the file; a missing or unreadable one fails start-up. */
  Htpasswd(Path path) {
    this.path = path;
    try {
      this.snapshot = read(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("http.auth.htpasswd.path: cannot read " + path + ": "
          + e.getMessage(), e);
    }
    this.checkedAt = System.nanoTime();
    LOG.info("htpasswd: {} users from {}", snapshot.hashes.size(), path);
  }

  /** Called after the file was read again, e.g. to drop remembered checks. */
  void onReload(Runnable action) {
    this.onReload = action;
  }

  @Override
  public String name() {
    return "htpasswd";
  }

  @Override
  public Optional<Identity> verify(String user, String password) {
    String hash = current().hashes.get(user);
    if (hash == null || !matches(password, hash)) {
      return Optional.empty();
    }
    return Optional.of(Identity.user(user, Set.of(), name()));
  }

  @Override
  public void refresh() {
    current();
  }

  static boolean matches(String password, String hash) {
    if (hash.startsWith("$2")) {
      return BCrypt.verifyer().verify(password.toCharArray(), hash.toCharArray()).verified;
    }
    byte[] key = password.getBytes(StandardCharsets.UTF_8);
    String computed = hash.startsWith("$5$") ? Sha2Crypt.sha256Crypt(key, hash)
        : Sha2Crypt.sha512Crypt(key, hash);
    return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8),
        hash.getBytes(StandardCharsets.UTF_8));
  }

  private Snapshot current() {
    long now = System.nanoTime();
    if (now - checkedAt < RECHECK_NANOS) {
      return snapshot;
    }
    checkedAt = now;
    try {
      Snapshot known = snapshot;
      if (!Files.getLastModifiedTime(path).equals(known.modified)
          || Files.size(path) != known.size) {
        Snapshot fresh = read(path);
        snapshot = fresh;
        onReload.run();
        LOG.info("htpasswd: {} changed, {} users now", path, fresh.hashes.size());
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("htpasswd: cannot read {} again ({}); keeping the users read before", path,
          e.getMessage());
    }
    return snapshot;
  }

  private static Snapshot read(Path path) throws IOException {
    FileTime modified = Files.getLastModifiedTime(path);
    long size = Files.size(path);
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    Map<String, String> hashes = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String hash = colon < 0 ? "" : line.substring(colon + 1);
      if (colon <= 0 || PREFIXES.stream().noneMatch(hash::startsWith)) {
        LOG.warn("htpasswd: {} line {} is not a bcrypt or SHA-crypt entry; ignored (use "
            + "htpasswd -B)", path, i + 1);
        continue;
      }
      hashes.put(line.substring(0, colon), hash);
    }
    return new Snapshot(modified, size, Map.copyOf(hashes));
  }
}

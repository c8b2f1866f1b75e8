package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob uploads: sessions whose bytes live in the repository's {@code .uploads/<id>} file, so that
 * they survive a restart, and that become a blob only once their digest is verified.
 *
 * <p>The SHA-256 of a session is computed while its bytes arrive and kept in memory; after a
 * restart (or for another algorithm) the file is hashed again when the upload completes. A chunk
 * that fails half way is cut off again, so a session always holds whole chunks only.
 */
public final class UploadSessions {

  private static final Logger LOG = LoggerFactory.getLogger(UploadSessions.class);
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
      + "[0-9a-f]{4}-[0-9a-f]{12}");
  private static final int BUFFER_BYTES = 256 * 1024;

  private final StorageDriver driver;
  private final Repositories repositories;
  private final Dedupe dedupe;
  private final VerifiedBlobs verified;
  private final ConcurrentHashMap<String, Progress> progress = new ConcurrentHashMap<>();

  /** In-memory state of a session: its lock and the running SHA-256 of its first bytes. */
  private static final class Progress {
    final ReentrantLock lock = new ReentrantLock();
    MessageDigest sha256 = Digest.Algorithm.SHA256.newMessageDigest();
    long hashed;
  }

  UploadSessions(StorageDriver driver, Repositories repositories, Dedupe dedupe,
      VerifiedBlobs verified) {
    this.driver = driver;
    this.repositories = repositories;
    this.dedupe = dedupe;
    this.verified = verified;
  }

  /** Opens a new, empty session; the repository is created if it was not there. */
  public UploadSession start(RepositoryName repo) throws StorageException {
    repositories.create(repo);
    String id = UUID.randomUUID().toString();
    driver.writer(StoreLayout.upload(repo, id), false).close();
    return new UploadSession(repo, id, 0);
  }

  /** The session as it is now. */
  public UploadSession status(RepositoryName repo, String id) throws StorageException {
    return new UploadSession(repo, id, existing(repo, id).size());
  }

  /**
   * Appends a chunk. With a {@code range}, it must start where the session ends (else 416) and
   * the body must have its length; {@code contentLength} is -1 for a streamed body.
   */
  public UploadSession append(RepositoryName repo, String id, InputStream body, ContentRange range,
      long contentLength) throws StorageException {
    Progress p = lock(repo, id);
    try {
      long start = existing(repo, id).size();
      if (range != null && range.start() != start) {
        throw new RegistryException(OciError.RANGE_INVALID, "chunk out of order",
            Map.of("sessionSize", start, "chunkStart", range.start()));
      }
      long expected = range != null ? range.length() : contentLength;
      return new UploadSession(repo, id, write(repo, id, p, start, body, expected));
    } finally {
      p.lock.unlock();
    }
  }

  /**
   * Appends the last chunk (if any), checks the digest and turns the session into a blob of the
   * repository. On a digest mismatch the session's bytes are discarded.
   */
  public void complete(RepositoryName repo, String id, Digest expected, InputStream body,
      ContentRange range, long contentLength) throws StorageException {
    Progress p = lock(repo, id);
    try {
      long size = existing(repo, id).size();
      if (range != null && range.start() != size) {
        throw new RegistryException(OciError.RANGE_INVALID, "chunk out of order",
            Map.of("sessionSize", size, "chunkStart", range.start()));
      }
      if (body != null) {
        size = write(repo, id, p, size, body, range != null ? range.length() : contentLength);
      }
      Digest actual = digestOf(repo, id, p, size, expected.algorithm());
      String upload = StoreLayout.upload(repo, id);
      if (!actual.equals(expected)) {
        driver.delete(upload);
        progress.remove(key(repo, id));
        throw new RegistryException(OciError.DIGEST_INVALID, null,
            Map.of("expected", expected.toString(), "actual", actual.toString()));
      }
      String blob = StoreLayout.blob(repo, expected);
      Optional<FileInfo> existing = driver.stat(blob);
      if (existing.isPresent() && existing.get().directory()) {
        throw new StorageException(blob, "a directory is in the place of blob " + expected);
      }
      Optional<String> shared = Optional.empty();
      if (existing.isPresent()) {
        driver.delete(upload);
      } else if ((shared = dedupe.sourceFor(repo, expected)).isPresent()
          && linked(shared.get(), blob)) {
        driver.delete(upload);
      } else {
        driver.move(upload, blob);
        // These bytes were just hashed on their way in: a whole pull need not hash them again.
        driver.stat(blob).ifPresent(info -> verified.trust(blob, info));
      }
      dedupe.given(repo, expected);
      progress.remove(key(repo, id));
    } finally {
      p.lock.unlock();
    }
  }

  /** Makes {@code blob} a name of the bytes at {@code source}; false when that went wrong. */
  private boolean linked(String source, String blob) {
    try {
      driver.link(source, blob);
      return true;
    } catch (StorageException e) {
      LOG.warn("Could not share {} with {}; keeping the uploaded copy: {}", blob, source,
          e.getMessage());
      return false;
    }
  }

  /**
   * Uploads a whole blob in one request (POST with {@code ?digest=}). The session behind it is
   * never seen by the client, so it is dropped when the upload fails.
   */
  public void putWhole(RepositoryName repo, Digest expected, InputStream body, long contentLength)
      throws StorageException {
    UploadSession session = start(repo);
    try {
      complete(repo, session.id(), expected, body, null, contentLength);
    } catch (RuntimeException | StorageException e) {
      driver.delete(StoreLayout.upload(repo, session.id()));
      progress.remove(key(repo, session.id()));
      throw e;
    }
  }

  /** Ends a session and drops its bytes. */
  public void cancel(RepositoryName repo, String id) throws StorageException {
    Progress p = lock(repo, id);
    try {
      existing(repo, id);
      driver.delete(StoreLayout.upload(repo, id));
      progress.remove(key(repo, id));
    } finally {
      p.lock.unlock();
    }
  }

  /**
   * Removes sessions of {@code repo} that received no bytes for longer than {@code idle}.
   *
   * @return how many were removed
   */
  int expire(RepositoryName repo, Duration idle) throws StorageException {
    int removed = 0;
    Instant cutoff = Instant.now().minus(idle);
    for (String id : driver.list(StoreLayout.uploads(repo))) {
      String path = StoreLayout.upload(repo, id);
      FileInfo info = driver.stat(path).orElse(null);
      Progress p = progress.get(key(repo, id));
      boolean busy = p != null && p.lock.isLocked();
      if (info != null && !info.directory() && info.modified().isBefore(cutoff) && !busy) {
        driver.delete(path);
        progress.remove(key(repo, id));
        removed++;
      }
    }
    return removed;
  }

  private long write(RepositoryName repo, String id, Progress p, long start, InputStream body,
      long expected) throws StorageException {
    boolean hashing = p.sha256 != null && p.hashed == start;
    long written = 0;
    try (FileWriter writer = driver.writer(StoreLayout.upload(repo, id), true)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      try {
        int n;
        while ((n = readBody(body, buffer)) > 0) {
          writer.write(ByteBuffer.wrap(buffer, 0, n));
          if (hashing) {
            p.sha256.update(buffer, 0, n);
          }
          written += n;
        }
        if (expected >= 0 && written != expected) {
          throw new RegistryException(OciError.SIZE_INVALID, null,
              Map.of("expected", expected, "received", written));
        }
      } catch (RuntimeException | StorageException e) {
        writer.truncate(start);
        p.sha256 = null;
        throw e;
      }
      writer.flush();
    }
    if (hashing) {
      p.hashed = start + written;
    } else {
      p.sha256 = null;
    }
    return start + written;
  }

  private static int readBody(InputStream body, byte[] buffer) {
    try {
      return body.readNBytes(buffer, 0, buffer.length);
    } catch (IOException e) {
      LOG.debug("Upload body broke off: {}", e.toString());
      throw new RegistryException(OciError.BLOB_UPLOAD_INVALID, "the request body broke off",
          null);
    }
  }

  private Digest digestOf(RepositoryName repo, String id, Progress p, long size,
      Digest.Algorithm algorithm) throws StorageException {
    if (algorithm == Digest.Algorithm.SHA256 && p.sha256 != null && p.hashed == size) {
      return Digest.fromMessageDigest(algorithm, p.sha256);
    }
    try {
      return ContentHash.of(driver, StoreLayout.upload(repo, id), algorithm);
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException(StoreLayout.upload(repo, id), "cannot hash upload", e);
    }
  }

  private FileInfo existing(RepositoryName repo, String id) throws StorageException {
    FileInfo info = ID.matcher(id).matches()
        ? driver.stat(StoreLayout.upload(repo, id)).orElse(null) : null;
    if (info == null || info.directory()) {
      throw unknown(id);
    }
    return info;
  }

  private Progress lock(RepositoryName repo, String id) throws StorageException {
    existing(repo, id);
    Progress p = progress.computeIfAbsent(key(repo, id), k -> new Progress());
    p.lock.lock();
    return p;
  }

  private static RegistryException unknown(String id) {
    return RegistryException.of(OciError.BLOB_UPLOAD_UNKNOWN, null, "session",
        Digest.printableId(id));
  }

  private static String key(RepositoryName repo, String id) {
    return repo.value() + "\n" + id;
  }
}

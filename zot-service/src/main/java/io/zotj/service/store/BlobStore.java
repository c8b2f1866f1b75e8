package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.PathNotFoundException;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The blobs of each repository: stat, read with an offset, delete, mount from another. */
public final class BlobStore {

  private final StorageDriver driver;
  private final Repositories repositories;
  private final Dedupe dedupe;
  private final VerifiedBlobs verified;

  BlobStore(StorageDriver driver, Repositories repositories, Dedupe dedupe,
      VerifiedBlobs verified) {
    this.driver = driver;
    this.repositories = repositories;
    this.dedupe = dedupe;
    this.verified = verified;
  }

  /** The blob's size, or empty when the repository does not hold it. */
  public Optional<Long> size(RepositoryName repo, Digest digest) throws StorageException {
    return driver.stat(StoreLayout.blob(repo, digest)).filter(info -> !info.directory())
        .map(FileInfo::size);
  }

  /** The blob's size, or BLOB_UNKNOWN. */
  public long require(RepositoryName repo, Digest digest) throws StorageException {
    return size(repo, digest).orElseThrow(() -> unknown(digest));
  }

  /** The repository's file of the blob, or BLOB_UNKNOWN. */
  public FileInfo file(RepositoryName repo, Digest digest) throws StorageException {
    return driver.stat(StoreLayout.blob(repo, digest)).filter(f -> !f.directory())
        .orElseThrow(() -> unknown(digest));
  }

  /** {@code length} bytes of the blob from {@code offset}; BLOB_UNKNOWN when it is not there. */
  public ReadableByteChannel open(RepositoryName repo, Digest digest, long offset, long length)
      throws StorageException {
    return open(repo, digest, file(repo, digest), offset, length);
  }

  /**
   * {@code length} bytes of the blob from {@code offset}, whose {@code file} the caller has
   * already looked at. A whole blob is checked as it is served unless this process already
   * knows the file to be right (see {@link VerifiedBlobs}).
   */
  public ReadableByteChannel open(RepositoryName repo, Digest digest, FileInfo file,
      long offset, long length) throws StorageException {
    String path = StoreLayout.blob(repo, digest);
    ReadableByteChannel in;
    try {
      in = driver.channel(path, offset);
    } catch (PathNotFoundException e) {
      throw unknown(digest);
    }
    boolean whole = offset == 0 && length == file.size();
    if (!whole || verified.trusted(path, file)) {
      return new BlobChannel(in, digest, length, null, null);
    }
    return new BlobChannel(in, digest, length, digest.algorithm().newMessageDigest(),
        () -> verified.trust(path, file));
  }

  /**
   * Deletes the repository's copy of the blob; BLOB_UNKNOWN when it has none. The bytes of a
   * manifest the repository lists are refused (405): deleting them would leave its tags naming
   * a manifest that cannot be read; the manifests endpoint deletes it.
   */
  public void delete(RepositoryName repo, Digest digest) throws StorageException {
    if (repositories.index(repo).byDigest(digest).isPresent()) {
      throw new RegistryException(OciError.UNSUPPORTED, "the blob is a manifest of the "
          + "repository; delete it through the manifests endpoint",
          Map.of("digest", digest.toString()));
    }
    if (size(repo, digest).isEmpty() || !driver.delete(StoreLayout.blob(repo, digest))) {
      throw unknown(digest);
    }
    dedupe.taken(repo, digest);
    repositories.deleted(repo);
  }

  /**
   * Gives {@code target} the blob that {@code source} holds, sharing its bytes where the medium
   * can.
   *
   * @return false when {@code source} does not hold the blob
   */
  public boolean mount(RepositoryName source, RepositoryName target, Digest digest)
      throws StorageException {
    if (size(source, digest).isEmpty()) {
      return false;
    }
    if (size(target, digest).isPresent()) {
      return true;
    }
    repositories.create(target);
    try {
      driver.link(StoreLayout.blob(source, digest), StoreLayout.blob(target, digest));
      dedupe.given(target, digest);
      return true;
    } catch (PathNotFoundException e) {
      return false;
    }
  }

  /**
   * Some repository that holds the blob, for a mount that names no source; only repositories
   * {@code readable} accepts are looked in, so a mount never hands out a blob its caller may
   * not read.
   */
  public Optional<RepositoryName> findAnywhere(Digest digest, Predicate<String> readable)
      throws StorageException {
    Optional<RepositoryName> indexed = dedupe.anyHolder(digest, readable);
    if (indexed.isPresent()) {
      return indexed;
    }
    for (String name : repositories.catalog()) {
      if (!readable.test(name)) {
        continue;
      }
      RepositoryName repo = new RepositoryName(name);
      if (size(repo, digest).isPresent()) {
        return Optional.of(repo);
      }
    }
    return Optional.empty();
  }

  static RegistryException unknown(Digest digest) {
    return RegistryException.of(OciError.BLOB_UNKNOWN, null, "digest", digest);
  }
}

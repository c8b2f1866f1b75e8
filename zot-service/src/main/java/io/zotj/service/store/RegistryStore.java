package io.zotj.service.store;

import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI semantics of one store, above a {@link StorageDriver}: blobs, uploads, manifests and
 * tags, referrers and the catalog. Every storage driver behaves the same through it.
 */
public final class RegistryStore {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryStore.class);

  private final StorageDriver driver;
  private final StoreRoots roots;
  private final Dedupe dedupe;
  private final Repositories repositories;
  private final BlobStore blobs;
  private final UploadSessions uploads;
  private final ManifestStore manifests;

  /** A store of one root without dedupe index or GC. */
  public RegistryStore(StorageDriver driver) {
    this(StoreRoots.single(new StoreRoot("", null, driver, null, StoreSettings.PLAIN)));
  }

  /** A store over every root: each repository lives in the root its name routes to. */
  public RegistryStore(StoreRoots roots) {
    this.roots = roots;
    this.driver = roots.subPaths().isEmpty() ? roots.global().driver()
        : new RoutedStorageDriver(roots);
    this.dedupe = new Dedupe(driver, roots);
    this.repositories = new Repositories(driver);
    VerifiedBlobs verified = new VerifiedBlobs();
    this.blobs = new BlobStore(driver, repositories, dedupe, verified);
    this.uploads = new UploadSessions(driver, repositories, dedupe, verified);
    this.manifests = new ManifestStore(driver, repositories, blobs);
  }

  /** The storage roots: the global one and each subPath's. */
  public StoreRoots roots() {
    return roots;
  }

  /** Sets what is told of each deletion in a repository (GC after deletions). */
  public void afterDeletion(java.util.function.Consumer<RepositoryName> listener) {
    repositories.afterDeletion(listener);
  }

  Repositories repositories() {
    return repositories;
  }

  Dedupe dedupe() {
    return dedupe;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public UploadSessions uploads() {
    return uploads;
  }

  public ManifestStore manifests() {
    return manifests;
  }

  /**
   * Deletes a blob of a repository, unless a manifest of the repository still lists it (405):
   * the registry never leaves a manifest pointing at content it removed.
   */
  public void deleteBlob(RepositoryName repo, io.zotj.service.oci.Digest digest)
      throws StorageException {
    java.util.Optional<io.zotj.service.oci.Digest> user =
        manifests.referencedBy(repo, digest, null);
    if (user.isPresent()) {
      throw ManifestStore.inUse(digest, user.get());
    }
    blobs.delete(repo, digest);
  }

  /** Every repository in lexical order. */
  public List<String> catalog() throws StorageException {
    return List.copyOf(repositories.catalog());
  }

  /** The driver underneath (routing to each root's), for health checks. */
  public StorageDriver driver() {
    return driver;
  }

  /**
   * Removes upload sessions that received no bytes for longer than {@code idle}, in every
   * repository of {@code root}.
   *
   * @return how many were removed
   */
  public int expireUploads(StoreRoot root, Duration idle) throws StorageException {
    int removed = 0;
    for (String name : repositories.catalog()) {
      RepositoryName repo = new RepositoryName(name);
      if (roots.of(repo) == root) {
        removed += uploads.expire(repo, idle);
      }
    }
    if (removed > 0) {
      LOG.info("Removed {} upload sessions idle for more than {}", removed, idle);
    }
    return removed;
  }

  /**
   * Checks that the store takes writes: writes, reads back and deletes a probe file.
   *
   * @return null when healthy, else the reason
   */
  public String probe() {
    String path = ".health-" + UUID.randomUUID();
    try {
      byte[] content = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      driver.writeAtomically(path, content);
      boolean same = java.util.Arrays.equals(content, driver.readAll(path));
      driver.delete(path);
      return same ? null : "the probe file read back differently";
    } catch (StorageException | RuntimeException e) {
      return e.getMessage();
    }
  }
}

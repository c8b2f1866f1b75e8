package io.zotj.service.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.zotj.service.oci.Descriptor;
import io.zotj.service.oci.Digest;
import io.zotj.service.oci.Manifest;
import io.zotj.service.oci.ManifestParser;
import io.zotj.service.oci.MediaTypes;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.Reference;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.RepositoryName;
import io.zotj.service.oci.Tag;
import io.zotj.spi.storage.PathNotFoundException;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifests and tags: push (validated, with every referenced blob present), pull by tag or
 * digest with the stored bytes and media type, delete, tag lists and referrers.
 *
 * <p>Manifest bytes are stored as blobs of their repository and recorded in its index; recently
 * read ones are kept in memory (content-addressed, so never stale).
 */
public final class ManifestStore {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestStore.class);
  private static final long CACHE_BYTES = 64L * 1024 * 1024;

  private final StorageDriver driver;
  private final Repositories repositories;
  private final BlobStore blobs;
  private final Cache<Digest, byte[]> bytesCache = Caffeine.newBuilder()
      .maximumWeight(CACHE_BYTES).weigher((Digest d, byte[] b) -> b.length + 100).build();
  private final Cache<Digest, Optional<Manifest>> parsedCache =
      Caffeine.newBuilder().maximumSize(100_000).build();
  private final ConcurrentHashMap<RepositoryName, Referrers> referrers =
      new ConcurrentHashMap<>();

  /** The referrers of one repository, computed from one version of its index. */
  private record Referrers(RepoIndex basis, Map<Digest, List<Descriptor>> bySubject) {}

  ManifestStore(StorageDriver driver, Repositories repositories, BlobStore blobs) {
    this.driver = driver;
    this.repositories = repositories;
    this.blobs = blobs;
  }

  /**
   * Validates and stores a manifest under a tag or its digest.
   *
   * @param contentType the request's Content-Type
   */
  public PushedManifest put(RepositoryName repo, Reference reference, String contentType,
      byte[] bytes) throws StorageException {
    if (bytes.length > ManifestParser.MAX_MANIFEST_BYTES) {
      throw new RegistryException(OciError.MANIFEST_INVALID, 413, "manifest too big",
          Map.of("limit", ManifestParser.MAX_MANIFEST_BYTES));
    }
    Manifest manifest = ManifestParser.parse(bytes, contentType);
    Digest digest;
    if (reference instanceof Reference.ByDigest byDigest) {
      digest = Digest.of(byDigest.digest().algorithm(), bytes);
      if (!digest.equals(byDigest.digest())) {
        throw new RegistryException(OciError.DIGEST_INVALID, null,
            Map.of("expected", byDigest.digest().toString(), "actual", digest.toString()));
      }
    } else {
      digest = Digest.sha256(bytes);
    }
    // Under the repository's lock, so that GC cannot take a blob between check and record.
    return repositories.locked(repo, () -> {
      requireReferences(repo, manifest);
      String path = StoreLayout.blob(repo, digest);
      if (driver.stat(path).isEmpty()) {
        driver.writeAtomically(path, bytes);
      }
      bytesCache.put(digest, bytes);
      parsedCache.put(digest, Optional.of(manifest));
      Descriptor descriptor = new Descriptor(manifest.mediaType(), digest, bytes.length);
      repositories.update(repo, index -> reference instanceof Reference.ByTag byTag
          ? index.withTag(descriptor, byTag.tag()) : index.withManifest(descriptor));
      return new PushedManifest(digest, manifest.subject().map(Descriptor::digest));
    });
  }

  private void requireReferences(RepositoryName repo, Manifest manifest)
      throws StorageException {
    for (Descriptor blob : manifest.blobs()) {
      if (!MediaTypes.isForeignLayer(blob.mediaType())) {
        requireSize(blob, blobs.size(repo, blob.digest()));
      }
    }
    RepoIndex index = repositories.index(repo);
    for (Descriptor child : manifest.manifests()) {
      Optional<Long> size = blobs.size(repo, child.digest());
      requireSize(child, size.isPresent() ? size
          : index.byDigest(child.digest()).map(e -> e.descriptor().size()));
    }
  }

  /** The referenced content must be there, with the size its descriptor states. */
  private static void requireSize(Descriptor descriptor, Optional<Long> stored) {
    if (stored.isEmpty()) {
      throw missing(descriptor.digest());
    }
    if (stored.get() != descriptor.size()) {
      throw new RegistryException(OciError.MANIFEST_INVALID, "a descriptor's size does not "
          + "match the content", Map.of("digest", descriptor.digest().toString(),
          "declared", descriptor.size(), "stored", stored.get()));
    }
  }

  /**
   * A manifest of the repository, other than {@code except}, that lists {@code digest} as its
   * config, a layer or a child manifest; empty when none does. Deleting such content would
   * break that manifest, so the registry refuses it, as zot does.
   */
  public Optional<Digest> referencedBy(RepositoryName repo, Digest digest, Digest except)
      throws StorageException {
    Set<Digest> seen = new HashSet<>();
    for (RepoIndex.Entry entry : repositories.index(repo).entries()) {
      Descriptor d = entry.descriptor();
      if (d.digest().equals(except) || !seen.add(d.digest())) {
        continue;
      }
      Optional<Manifest> parsed = parsed(repo, d);
      if (parsed.isPresent() && (lists(parsed.get().blobs(), digest)
          || lists(parsed.get().manifests(), digest))) {
        return Optional.of(d.digest());
      }
    }
    return Optional.empty();
  }

  private static boolean lists(List<Descriptor> descriptors, Digest digest) {
    return descriptors.stream().anyMatch(d -> d.digest().equals(digest));
  }

  /** The manifest a tag or digest names; MANIFEST_UNKNOWN when there is none. */
  public StoredManifest get(RepositoryName repo, Reference reference) throws StorageException {
    Descriptor descriptor = describe(repo, reference);
    byte[] bytes = bytes(repo, descriptor.digest());
    if (bytes == null) {
      LOG.warn("Manifest {} of {} is listed in index.json but its blob is missing",
          descriptor.digest(), repo);
      throw unknown(reference);
    }
    return new StoredManifest(bytes, descriptor.mediaType(), descriptor.digest());
  }

  /** Media type, digest and size of the manifest a tag or digest names, without its bytes. */
  public Descriptor describe(RepositoryName repo, Reference reference) throws StorageException {
    RepoIndex index = repositories.index(repo);
    Optional<RepoIndex.Entry> entry = reference instanceof Reference.ByTag byTag
        ? index.byTag(byTag.tag().value())
        : index.byDigest(((Reference.ByDigest) reference).digest());
    return entry.map(RepoIndex.Entry::descriptor).orElseThrow(() -> unknown(reference));
  }

  /**
   * Deletes a tag (the manifest stays by digest) or a manifest with every tag that points at it.
   */
  public void delete(RepositoryName repo, Reference reference) throws StorageException {
    delete(repo, reference, false);
  }

  /**
   * Deletes as {@link #delete(RepositoryName, Reference)} does; with {@code refuseShared}, a
   * manifest deleted by digest while more than one tag points at it is refused with 409
   * MANIFEST_INVALID instead (access control's detectManifestCollision). A manifest another
   * manifest of the repository lists (an index's child) is refused with 405.
   */
  public void delete(RepositoryName repo, Reference reference, boolean refuseShared)
      throws StorageException {
    Descriptor described = describe(repo, reference);
    if (reference instanceof Reference.ByDigest) {
      Optional<Digest> user = referencedBy(repo, described.digest(), described.digest());
      if (user.isPresent()) {
        throw inUse(described.digest(), user.get());
      }
    }
    repositories.update(repo, index -> {
      if (reference instanceof Reference.ByTag byTag) {
        return index.withoutTag(byTag.tag().value());
      }
      Digest digest = ((Reference.ByDigest) reference).digest();
      List<String> tags = index.tagsOf(digest);
      if (refuseShared && tags.size() > 1) {
        throw new RegistryException(OciError.MANIFEST_INVALID, 409,
            "more than one tag points at this manifest", Map.of("digest", digest.toString(),
                "tags", tags));
      }
      return index.withoutManifest(digest);
    });
    repositories.deleted(repo);
  }

  /** Whether {@code tag} names a manifest in the repository now. */
  public boolean hasTag(RepositoryName repo, Tag tag) throws StorageException {
    return repositories.exists(repo) && repositories.index(repo).byTag(tag.value()).isPresent();
  }

  /** The repository's tags in lexical order; NAME_UNKNOWN when there is no such repository. */
  public List<String> tags(RepositoryName repo) throws StorageException {
    if (!repositories.exists(repo)) {
      throw RegistryException.of(OciError.NAME_UNKNOWN, null, "name", repo);
    }
    return repositories.index(repo).tags();
  }

  /**
   * Descriptors of the manifests whose subject is {@code subject}, optionally only those of one
   * artifact type.
   */
  public List<Descriptor> referrers(RepositoryName repo, Digest subject, String artifactType)
      throws StorageException {
    RepoIndex index = repositories.index(repo);
    Referrers known = referrers.get(repo);
    if (known == null || known.basis() != index) {
      known = new Referrers(index, collectReferrers(repo, index));
      if (repositories.exists(repo)) {
        referrers.put(repo, known);
      }
    }
    List<Descriptor> all = known.bySubject().getOrDefault(subject, List.of());
    return artifactType == null ? all
        : all.stream().filter(d -> artifactType.equals(d.artifactType())).toList();
  }

  private Map<Digest, List<Descriptor>> collectReferrers(RepositoryName repo, RepoIndex index)
      throws StorageException {
    Map<Digest, List<Descriptor>> bySubject = new HashMap<>();
    Set<Digest> seen = new HashSet<>();
    for (RepoIndex.Entry entry : index.entries()) {
      Descriptor d = entry.descriptor();
      if (!seen.add(d.digest())) {
        continue;
      }
      Optional<Manifest> parsed = parsed(repo, d);
      if (parsed.isPresent() && parsed.get().subject().isPresent()) {
        Manifest m = parsed.get();
        bySubject.computeIfAbsent(m.subject().get().digest(), s -> new ArrayList<>()).add(
            new Descriptor(d.mediaType(), d.digest(), d.size(), m.artifactType(),
                m.annotations()));
      }
    }
    return bySubject;
  }

  /**
   * The parsed manifest a descriptor of the repository's index names; empty if unreadable. Only
   * what parses is remembered (by digest, for every repository): whether a file can be read is
   * a matter of that repository's copy, and another repository's copy may be whole.
   */
  Optional<Manifest> parsed(RepositoryName repo, Descriptor d) throws StorageException {
    Optional<Manifest> cached = parsedCache.getIfPresent(d.digest());
    if (cached != null && cached.isPresent()) {
      return cached;
    }
    byte[] bytes = bytes(repo, d.digest());
    Optional<Manifest> parsed;
    try {
      parsed = bytes == null ? Optional.empty()
          : Optional.of(ManifestParser.parse(bytes, d.mediaType()));
    } catch (RegistryException e) {
      LOG.warn("Stored manifest {} of {} does not parse: {}", d.digest(), repo, e.detail());
      parsed = Optional.empty();
    }
    if (parsed.isPresent()) {
      parsedCache.put(d.digest(), parsed);
    }
    return parsed;
  }

  private byte[] bytes(RepositoryName repo, Digest digest) throws StorageException {
    byte[] cached = bytesCache.getIfPresent(digest);
    if (cached != null) {
      return cached;
    }
    try {
      byte[] bytes = driver.readAll(StoreLayout.blob(repo, digest));
      if (!Digest.of(digest.algorithm(), bytes).equals(digest)) {
        LOG.error("Manifest blob {} of {} does not match its digest: not served", digest, repo);
        return null;
      }
      bytesCache.put(digest, bytes);
      return bytes;
    } catch (PathNotFoundException e) {
      return null;
    }
  }

  static RegistryException inUse(Digest digest, Digest user) {
    return new RegistryException(OciError.UNSUPPORTED, 405, "the content is referenced by "
        + "another manifest of the repository; delete that manifest first",
        Map.of("digest", digest.toString(), "referencedBy", user.toString()));
  }

  private static RegistryException unknown(Reference reference) {
    return RegistryException.of(OciError.MANIFEST_UNKNOWN, null, "reference", reference);
  }

  private static RegistryException missing(Digest digest) {
    return RegistryException.of(OciError.MANIFEST_BLOB_UNKNOWN, null, "digest", digest);
  }
}

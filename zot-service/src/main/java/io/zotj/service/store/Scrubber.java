package io.zotj.service.store;

import io.zotj.service.oci.Descriptor;
import io.zotj.service.oci.Digest;
import io.zotj.service.oci.Manifest;
import io.zotj.service.oci.ManifestParser;
import io.zotj.service.oci.MediaTypes;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.storage.PathNotFoundException;
import io.zotj.spi.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every manifest and blob of every repository against its digest, and every reference a
 * manifest makes, and reports each damaged image. It only reads: nothing is ever changed.
 */
public final class Scrubber {

  private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);

  private final RegistryStore store;

  public Scrubber(RegistryStore store) {
    this.store = store;
  }

  /** One damaged image: where it is and what is wrong. */
  public record Problem(String repository, String tag, String digest, String problem) {}

  /** What a run found. */
  public record Report(int repositories, int images, long blobsChecked, List<Problem> problems) {

    /** The problems as a table with a header, one line per damaged image, and a summary. */
    public String table() {
      String format = "%-40s %-20s %-71s %s%n";
      StringBuilder out = new StringBuilder();
      out.append(String.format(format, "REPOSITORY", "TAG", "DIGEST", "PROBLEM"));
      for (Problem p : problems) {
        out.append(String.format(format, p.repository(), p.tag(), p.digest(), p.problem()));
      }
      out.append(String.format("%d repositories, %d images, %d blobs checked: %d damaged%n",
          repositories, images, blobsChecked, problems.size()));
      return out.toString();
    }
  }

  /** Checks every repository; logs each problem at WARN and one INFO line. */
  public Report run() throws StorageException {
    long start = System.nanoTime();
    List<Problem> problems = new ArrayList<>();
    Map<String, String> checked = new HashMap<>();
    int repositories = 0;
    int images = 0;
    for (String name : store.catalog()) {
      repositories++;
      RepositoryName repo = new RepositoryName(name);
      for (RepoIndex.Entry entry : store.repositories().index(repo).entries()) {
        images++;
        String problem = checkImage(repo, entry.descriptor(), checked);
        if (problem != null) {
          Problem p = new Problem(name, entry.tag() == null ? "" : entry.tag(),
              entry.descriptor().digest().toString(), problem);
          problems.add(p);
          LOG.warn("Scrub: {}:{} {} is damaged: {}", p.repository(), p.tag(), p.digest(),
              p.problem());
        }
      }
    }
    LOG.info("Scrub: {} repositories, {} images, {} blobs checked, {} damaged, in {} ms",
        repositories, images, checked.size(), problems.size(),
        (System.nanoTime() - start) / 1_000_000);
    return new Report(repositories, images, checked.size(), problems);
  }

  private String checkImage(RepositoryName repo, Descriptor manifest, Map<String, String> checked)
      throws StorageException {
    String own = check(repo, manifest.digest(), checked);
    if (own != null) {
      return "manifest " + own;
    }
    Manifest parsed;
    try {
      parsed = ManifestParser.parse(store.driver().readAll(StoreLayout.blob(repo,
          manifest.digest())), manifest.mediaType());
    } catch (RegistryException e) {
      return "manifest does not parse: " + e.detail();
    }
    for (Descriptor blob : parsed.blobs()) {
      if (MediaTypes.isForeignLayer(blob.mediaType())) {
        continue;
      }
      String problem = check(repo, blob.digest(), checked);
      if (problem != null) {
        return "blob " + blob.digest() + " " + problem;
      }
    }
    RepoIndex index = store.repositories().index(repo);
    for (Descriptor child : parsed.manifests()) {
      if (index.byDigest(child.digest()).isEmpty()
          && store.driver().stat(StoreLayout.blob(repo, child.digest())).isEmpty()) {
        return "manifest " + child.digest() + " listed by the index is missing";
      }
    }
    return null;
  }

  /** Hashes a blob file once per run; null when it matches its digest, else the problem. */
  private String check(RepositoryName repo, Digest digest, Map<String, String> checked)
      throws StorageException {
    String path = StoreLayout.blob(repo, digest);
    if (checked.containsKey(path)) {
      return checked.get(path);
    }
    String problem;
    try {
      Digest actual = ContentHash.of(store.driver(), path, digest.algorithm());
      problem = actual.equals(digest) ? null : "does not match its digest (content is " + actual
          + ")";
    } catch (PathNotFoundException e) {
      problem = "is missing";
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      problem = "cannot be read: " + e.getMessage();
    }
    checked.put(path, problem);
    return problem;
  }
}

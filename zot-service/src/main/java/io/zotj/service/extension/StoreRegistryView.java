package io.zotj.service.extension;

import io.zotj.service.oci.RepositoryName;
import io.zotj.service.store.RegistryStore;
import io.zotj.spi.extension.RegistryView;
import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The registry as extensions see it: names, tags and sizes, read only. */
final class StoreRegistryView implements RegistryView {

  /** Guards the size walk of one repository against a runaway tree. */
  private static final int MAX_FILES = 1_000_000;

  private final RegistryStore store;

  StoreRegistryView(RegistryStore store) {
    this.store = store;
  }

  @Override
  public List<String> repositories() throws StorageException {
    return store.catalog();
  }

  @Override
  public boolean exists(String repository) {
    Optional<RepositoryName> name = parse(repository);
    try {
      return name.isPresent()
          && store.driver().stat(name.get().value() + "/index.json").isPresent();
    } catch (StorageException e) {
      return false;
    }
  }

  @Override
  public List<String> tags(String repository) throws StorageException {
    Optional<RepositoryName> name = parse(repository);
    return name.isPresent() && exists(repository) ? store.manifests().tags(name.get())
        : List.of();
  }

  /** The repository's own files: index, layout marker and blobs (not other repositories). */
  @Override
  public long storageBytes(String repository) throws StorageException {
    Optional<RepositoryName> name = parse(repository);
    if (name.isEmpty() || !exists(repository)) {
      return 0;
    }
    StorageDriver driver = store.driver();
    String root = name.get().value();
    long total = 0;
    int seen = 0;
    Deque<String> folders = new ArrayDeque<>(List.of(root + "/blobs"));
    for (String file : List.of(root + "/index.json", root + "/oci-layout")) {
      total += driver.stat(file).map(FileInfo::size).orElse(0L);
    }
    while (!folders.isEmpty() && seen++ < MAX_FILES) {
      String folder = folders.pop();
      for (String child : driver.list(folder)) {
        String path = folder + "/" + child;
        Optional<FileInfo> info = driver.stat(path);
        if (info.isPresent() && info.get().directory()) {
          folders.push(path);
        } else if (info.isPresent()) {
          total += info.get().size();
        }
        seen++;
      }
    }
    return total;
  }

  private static Optional<RepositoryName> parse(String repository) {
    try {
      return Optional.of(RepositoryName.parse(repository));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}

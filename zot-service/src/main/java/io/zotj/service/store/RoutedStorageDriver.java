package io.zotj.service.store;

import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One driver over every storage root: each path goes to the root of the repository it belongs to
 * (subPaths by prefix, the rest to the global root), so the store above sees one tree. Between
 * roots a link is a copy, since a hard link cannot cross file systems.
 */
final class RoutedStorageDriver implements StorageDriver {

  private static final int BUFFER_BYTES = 256 * 1024;

  private final StoreRoots roots;

  RoutedStorageDriver(StoreRoots roots) {
    this.roots = roots;
  }

  private StorageDriver at(String path) {
    return roots.ofPath(path).driver();
  }

  @Override
  public String name() {
    return roots.global().driver().name();
  }

  @Override
  public InputStream read(String path, long offset) throws StorageException {
    return at(path).read(path, offset);
  }

  @Override
  public ReadableByteChannel channel(String path, long offset) throws StorageException {
    return at(path).channel(path, offset);
  }

  @Override
  public byte[] readAll(String path) throws StorageException {
    return at(path).readAll(path);
  }

  @Override
  public Optional<FileInfo> stat(String path) throws StorageException {
    Optional<FileInfo> found = at(path).stat(path);
    if (found.isPresent() || path.isEmpty()) {
      return found;
    }
    for (StoreRoot root : roots.subPaths()) {
      if (root.prefix().startsWith(path + "/")) {
        Optional<FileInfo> inner = root.driver().stat(path);
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return found;
  }

  @Override
  public List<String> list(String dir) throws StorageException {
    Set<String> names = new LinkedHashSet<>(at(dir).list(dir));
    StoreRoot owner = roots.ofPath(dir);
    for (StoreRoot root : roots.subPaths()) {
      String prefix = root.prefix();
      boolean below = dir.isEmpty() || prefix.startsWith(dir + "/");
      if (root == owner || !below) {
        continue;
      }
      String rest = dir.isEmpty() ? prefix : prefix.substring(dir.length() + 1);
      String child = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
      String childPath = dir.isEmpty() ? child : dir + "/" + child;
      if (root.driver().stat(childPath).isPresent()) {
        names.add(child);
      }
    }
    return List.copyOf(names);
  }

  @Override
  public void writeAtomically(String path, byte[] content) throws StorageException {
    at(path).writeAtomically(path, content);
  }

  @Override
  public FileWriter writer(String path, boolean append) throws StorageException {
    return at(path).writer(path, append);
  }

  @Override
  public void move(String source, String target) throws StorageException {
    StorageDriver from = at(source);
    StorageDriver to = at(target);
    if (from == to) {
      from.move(source, target);
      return;
    }
    copy(from, source, to, target);
    from.delete(source);
  }

  @Override
  public boolean link(String source, String target) throws StorageException {
    StorageDriver from = at(source);
    StorageDriver to = at(target);
    if (from == to) {
      return from.link(source, target);
    }
    copy(from, source, to, target);
    return false;
  }

  /** Copies between roots through a temporary name, so the target appears whole or not. */
  private static void copy(StorageDriver from, String source, StorageDriver to, String target)
      throws StorageException {
    String temp = target + ".copy-" + UUID.randomUUID();
    try (InputStream in = from.read(source, 0); FileWriter out = to.writer(temp, false)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(ByteBuffer.wrap(buffer, 0, n));
      }
      out.flush();
    } catch (StorageException | RuntimeException e) {
      to.delete(temp);
      throw e;
    } catch (IOException e) {
      to.delete(temp);
      throw new StorageException(source, "cannot copy to " + target + ": " + e.getMessage(), e);
    }
    to.move(temp, target);
  }

  @Override
  public boolean delete(String path) throws StorageException {
    return at(path).delete(path);
  }

  @Override
  public int links(String path) throws StorageException {
    return at(path).links(path);
  }

  @Override
  public boolean shared(String a, String b) throws StorageException {
    StorageDriver first = at(a);
    return first == at(b) && first.shared(a, b);
  }

  @Override
  public long usableSpace() throws StorageException {
    return roots.global().driver().usableSpace();
  }
}

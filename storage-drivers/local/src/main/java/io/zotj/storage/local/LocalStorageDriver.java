package io.zotj.storage.local;

import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.PathNotFoundException;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import io.zotj.spi.storage.StorageFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stores bytes as files under one root folder.
 *
 * <p>Atomic writes go to a temporary file beside the target ({@code .<name>.<random>.tmp}) and
 * are renamed over it; with {@code durable} the file is synced before the rename and its folder
 * after, so a crash leaves either the old or the new content, never a mix. {@link #list} hides
 * those temporary files.
 */
public final class LocalStorageDriver implements StorageDriver {

  private static final String TMP_SUFFIX = ".tmp";
  private static final Pattern TMP_NAME =
      Pattern.compile("\\..+\\.\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}\\.tmp");

  private final Path root;
  private final boolean durable;

  public LocalStorageDriver(Path root, boolean durable) {
    this.root = root.toAbsolutePath().normalize();
    this.durable = durable;
  }

  @Override
  public String name() {
    return LocalStorageDriverFactory.NAME;
  }

  /** The folder this driver stores under. */
  public Path root() {
    return root;
  }

  @Override
  public InputStream read(String path, long offset) throws StorageException {
    return Channels.newInputStream(channel(path, offset));
  }

  @Override
  public FileChannel channel(String path, long offset) throws StorageException {
    Path file = resolve(path);
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset + " for " + path);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      if (Files.isDirectory(file)) {
        // Linux opens a folder for reading; the first read would fail with EISDIR.
        throw new NoSuchFileException(file.toString());
      }
      channel.position(offset);
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      throw missing(e) ? new PathNotFoundException(path) : failure(path, "read", e);
    }
  }

  @Override
  public byte[] readAll(String path) throws StorageException {
    Path file = resolve(path);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      boolean directory = Files.isDirectory(file);
      throw missing(e) || directory ? new PathNotFoundException(path) : failure(path, "read", e);
    }
  }

  @Override
  public Optional<FileInfo> stat(String path) throws StorageException {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(resolve(path), BasicFileAttributes.class);
      return Optional.of(
          new FileInfo(
              path,
              attributes.isDirectory() ? 0 : attributes.size(),
              attributes.lastModifiedTime().toInstant(),
              attributes.isDirectory()));
    } catch (IOException e) {
      if (missing(e)) {
        return Optional.empty();
      }
      throw failure(path, "stat", e);
    }
  }

  @Override
  public List<String> list(String dir) throws StorageException {
    Path folder = dir.isEmpty() ? root : resolve(dir);
    List<String> names = new ArrayList<>();
    try (Stream<Path> children = Files.list(folder)) {
      children
          .map(child -> child.getFileName().toString())
          .filter(name -> !TMP_NAME.matcher(name).matches())
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      if (missing(e)) {
        return List.of();
      }
      throw failure(dir, "list", e);
    } catch (UncheckedIOException e) {
      throw failure(dir, "list", e);
    }
  }

  @Override
  public void writeAtomically(String path, byte[] content) throws StorageException {
    Path target = resolve(path);
    Path temp = tempBeside(target);
    try {
      createParents(target.getParent());
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (durable) {
          channel.force(true);
        }
      }
      rename(temp, target);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw failure(path, "write", e);
    }
  }

  @Override
  public FileWriter writer(String path, boolean append) throws StorageException {
    Path file = resolve(path);
    try {
      createParents(file.getParent());
      boolean created = !Files.exists(file);
      FileChannel channel =
          append
              ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
              : FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.TRUNCATE_EXISTING);
      try {
        long size = channel.size();
        channel.position(size);
        if (durable && created) {
          syncDirectory(file.getParent());
        }
        return new LocalFileWriter(path, channel, size);
      } catch (IOException e) {
        closeQuietly(channel);
        throw e;
      }
    } catch (IOException e) {
      throw failure(path, "open for writing", e);
    }
  }

  @Override
  public void move(String source, String target) throws StorageException {
    Path from = resolve(source);
    Path to = resolve(target);
    try {
      if (!Files.exists(from)) {
        throw new NoSuchFileException(from.toString());
      }
      createParents(to.getParent());
      rename(from, to);
      if (durable && !from.getParent().equals(to.getParent())) {
        syncDirectory(from.getParent());
      }
    } catch (IOException e) {
      if (missing(e) && !Files.exists(from)) {
        throw new PathNotFoundException(source);
      }
      throw failure(target, "move", e);
    }
  }

  @Override
  public boolean link(String source, String target) throws StorageException {
    Path from = resolve(source);
    Path to = resolve(target);
    if (!Files.exists(from)) {
      throw new PathNotFoundException(source);
    }
    try {
      createParents(to.getParent());
      if (linkedWhereFree(from, to)) {
        return true;
      }
    } catch (NoSuchFileException e) {
      throw new PathNotFoundException(source);
    } catch (IOException e) {
      throw failure(target, "link", e);
    }
    Path temp = tempBeside(to);
    try {
      boolean shared;
      try {
        Files.createLink(temp, from);
        shared = true;
      } catch (UnsupportedOperationException | IOException e) {
        if (e instanceof NoSuchFileException) {
          throw (NoSuchFileException) e;
        }
        Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
          try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
          }
        }
        shared = false;
      }
      rename(temp, to);
      return shared;
    } catch (NoSuchFileException e) {
      deleteQuietly(temp);
      throw new PathNotFoundException(source);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw failure(target, "link", e);
    }
  }

  /**
   * Makes {@code to} a hard link of {@code from} in one step when nothing is at {@code to} (the
   * usual case: a mount into a repository that lacks the blob). A link appears whole or not at
   * all, so no temporary name is needed; false when something is in the way or the file system
   * has no hard links, and the caller goes the long way.
   */
  private boolean linkedWhereFree(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
      return false;
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      if (LocalStorageDriver.failure("", "link", e) instanceof StorageFullException) {
        throw e;
      }
      return false; // no hard links here (another file system, a FAT volume): copy instead
    }
    if (durable) {
      syncDirectory(to.getParent());
    }
    return true;
  }

  @Override
  public boolean delete(String path) throws StorageException {
    Path target = resolve(path);
    try {
      if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return Files.deleteIfExists(target);
      }
      try (Stream<Path> walk = Files.walk(target)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          try {
            Files.deleteIfExists(p);
          } catch (DirectoryNotEmptyException e) {
            throw new IOException("a file was added to it while it was being deleted", e);
          }
        }
      }
      if (durable) {
        syncDirectory(target.getParent());
      }
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException | UncheckedIOException e) {
      throw failure(path, "delete", e);
    }
  }

  @Override
  public int links(String path) throws StorageException {
    Path file = resolve(path);
    try {
      if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return 0;
      }
      return (Integer) Files.getAttribute(file, "unix:nlink",
          java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // a file system without the unix view (not Linux or macOS): every file has one name
      return stat(path).isPresent() ? 1 : 0;
    } catch (IOException e) {
      if (missing(e)) {
        return 0;
      }
      throw failure(path, "count the names of", e);
    }
  }

  @Override
  public boolean shared(String a, String b) throws StorageException {
    Path first = resolve(a);
    Path second = resolve(b);
    try {
      return !Files.isDirectory(first) && Files.isSameFile(first, second);
    } catch (IOException e) {
      if (missing(e)) {
        return false;
      }
      throw failure(b, "compare with " + a, e);
    }
  }

  @Override
  public long usableSpace() throws StorageException {
    try {
      return Files.getFileStore(root).getUsableSpace();
    } catch (IOException e) {
      throw failure("", "stat the file system", e);
    }
  }

  /** The file of a driver path; the empty path (the root) is rejected here, list allows it. */
  private Path resolve(String path) {
    if (path.startsWith("/") || path.contains("\\") || containsDotSegment(path)) {
      // The core builds paths from validated names only; anything else is a bug, never I/O.
      throw new IllegalArgumentException("not a relative storage path: " + path);
    }
    return root.resolve(path);
  }

  /** Whether {@code e} says a path is not there, also when a file sits where a folder should. */
  private static boolean missing(IOException e) {
    if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
      return true;
    }
    return e instanceof FileSystemException fse && "Not a directory".equals(fse.getReason());
  }

  /** Creates {@code dir} and its missing parents; a durable driver syncs each new entry. */
  private void createParents(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path existing = dir;
    while (existing != null && !Files.isDirectory(existing)) {
      existing = existing.getParent();
    }
    Files.createDirectories(dir);
    if (durable) {
      for (Path created = dir; !created.equals(existing); created = created.getParent()) {
        syncDirectory(created.getParent());
      }
    }
  }

  private static boolean containsDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("file system cannot rename atomically: " + to, e);
    } catch (FileAlreadyExistsException e) {
      // a directory sits where a file should go: report rather than replace
      throw new IOException("a directory is in the way: " + to, e);
    }
    if (durable) {
      syncDirectory(to.getParent());
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static Path tempBeside(Path target) {
    return target.resolveSibling(
        "." + target.getFileName() + "." + UUID.randomUUID() + TMP_SUFFIX);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // the stream was never handed out; nothing else holds the channel
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: a stray temporary file is harmless and named as such
    }
  }

  static StorageException failure(String path, String action, Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
      return new StorageFullException(path, e);
    }
    return new StorageException(path, "cannot " + action + " " + path + ": " + message, e);
  }

  /** Appends to one file through a channel; syncs on flush when the driver is durable. */
  private final class LocalFileWriter implements FileWriter {

    private final String path;
    private final FileChannel channel;
    private long size;
    private boolean closed;

    LocalFileWriter(String path, FileChannel channel, long size) {
      this.path = path;
      this.channel = channel;
      this.size = size;
    }

    @Override
    public void write(ByteBuffer buffer) throws StorageException {
      long start = size;
      int position = buffer.position();
      try {
        while (buffer.hasRemaining()) {
          size += channel.write(buffer);
        }
      } catch (IOException e) {
        rollBack(start, buffer, position);
        throw failure(path, "write", e);
      }
    }

    /** Drops the bytes of a failed write, so that a write keeps all of its buffer or none. */
    private void rollBack(long start, ByteBuffer buffer, int position) {
      try {
        channel.truncate(start);
        channel.position(start);
        size = start;
        buffer.position(position);
      } catch (IOException ignored) {
        // size still counts the bytes that did land; the caller sees the write failure
      }
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public void truncate(long newSize) throws StorageException {
      if (newSize < 0 || newSize > size) {
        throw new IllegalArgumentException("cannot truncate " + path + " to " + newSize);
      }
      try {
        channel.truncate(newSize);
        channel.position(newSize);
        size = newSize;
      } catch (IOException e) {
        throw failure(path, "truncate", e);
      }
    }

    @Override
    public void flush() throws StorageException {
      if (durable) {
        try {
          channel.force(false);
        } catch (IOException e) {
          throw failure(path, "sync", e);
        }
      }
    }

    @Override
    public void close() throws StorageException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        flush();
      } finally {
        try {
          channel.close();
        } catch (IOException e) {
          throw failure(path, "close", e);
        }
      }
    }
  }
}

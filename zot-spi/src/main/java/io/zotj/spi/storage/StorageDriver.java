package io.zotj.spi.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Optional;

/**
 * A byte store addressed by slash-separated relative paths; it knows nothing of OCI.
 *
 * <p>Paths are relative to the driver's root, use {@code /} as separator, never start with
 * {@code /} and never contain {@code .} or {@code ..} segments: the registry core builds them
 * from validated names only. The empty path names the root; only {@link #list} accepts it. A path
 * that breaks these rules is a bug of the caller: every method rejects it with an {@link
 * IllegalArgumentException} before touching the medium. Every method is safe to call from many
 * threads at once; two writers of one path are the caller's business (the core serialises them).
 *
 * <p>Failures are {@link StorageException}s: {@link PathNotFoundException} when a path that must
 * exist does not, {@link StorageFullException} when the medium has no room, and the base type for
 * every other fault of the medium.
 */
public interface StorageDriver extends Closeable {

  /** The driver's name as the configuration spells it ({@code local}, {@code s3}). */
  String name();

  /**
   * Opens a stream of the bytes of {@code path} from {@code offset} to the end of the file.
   *
   * @throws PathNotFoundException if there is no file at {@code path} (a directory is no file)
   */
  InputStream read(String path, long offset) throws StorageException;

  /**
   * The bytes of {@code path} from {@code offset} to the end of the file as a channel, which a
   * server can send from without copying them through the Java heap. Drivers over local files
   * give the file's own channel; the default adapts {@link #read}.
   *
   * @throws PathNotFoundException if there is no file at {@code path} (a directory is no file)
   */
  default ReadableByteChannel channel(String path, long offset) throws StorageException {
    return Channels.newChannel(read(path, offset));
  }

  /**
   * Reads a whole small file (manifests, index files) into memory.
   *
   * @throws PathNotFoundException if there is no file at {@code path}
   */
  byte[] readAll(String path) throws StorageException;

  /** Size, modification time and kind of {@code path}, or empty when nothing is there. */
  Optional<FileInfo> stat(String path) throws StorageException;

  /**
   * Names (not paths) of the direct children of directory {@code dir}, in no particular order;
   * empty when the directory does not exist. An empty string lists the root. Files the driver
   * keeps for itself while a write is under way are never listed.
   */
  List<String> list(String dir) throws StorageException;

  /**
   * Writes {@code content} to {@code path} atomically: a reader sees the old file or the whole
   * new one, never a part; after a crash, one of the two is there. Parent folders are created.
   * When the driver was opened durable, the content is on stable storage when this returns.
   */
  void writeAtomically(String path, byte[] content) throws StorageException;

  /**
   * Opens {@code path} for writing, creating it (and its parent folders) when absent. With
   * {@code append} the writer continues after the existing bytes; otherwise it truncates.
   */
  FileWriter writer(String path, boolean append) throws StorageException;

  /**
   * Moves {@code source} to {@code target} atomically, replacing any file at {@code target};
   * parent folders of {@code target} are created. Durable drivers sync both folders.
   *
   * @throws PathNotFoundException if {@code source} does not exist
   */
  void move(String source, String target) throws StorageException;

  /**
   * Makes {@code target} a second name of the bytes at {@code source} without copying them,
   * where the medium can (a hard link on a local file system); otherwise copies. A file at
   * {@code target} is replaced atomically.
   *
   * @return true when the bytes were shared, false when they were copied
   * @throws PathNotFoundException if {@code source} does not exist
   */
  boolean link(String source, String target) throws StorageException;

  /**
   * Deletes a file, or a directory with everything under it. Deleting a missing path is not an
   * error.
   *
   * @return true when something was deleted
   */
  boolean delete(String path) throws StorageException;

  /**
   * How many names the bytes of the file at {@code path} have: more than 1 when {@link #link}
   * shared them (hard links), so deleting this name alone frees no space. A medium without
   * shared names answers 1 for every file.
   *
   * @return the number of names, or 0 when there is no file at {@code path}
   */
  default int links(String path) throws StorageException {
    return stat(path).filter(info -> !info.directory()).isPresent() ? 1 : 0;
  }

  /**
   * Whether {@code a} and {@code b} are names of the same stored bytes, as {@link #link} leaves
   * them when it shares. False when either is missing or the medium cannot tell.
   */
  default boolean shared(String a, String b) throws StorageException {
    return false;
  }

  /** Bytes free on the medium under the root, or {@code Long.MAX_VALUE} when unbounded. */
  long usableSpace() throws StorageException;

  /** Releases what the driver holds; further calls are undefined. */
  @Override
  default void close() throws IOException {}
}

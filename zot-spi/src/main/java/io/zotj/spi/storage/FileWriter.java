package io.zotj.spi.storage;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * An open file that bytes are appended to, for upload sessions.
 *
 * <p>Bytes written are visible to {@link StorageDriver#read} once {@link #flush()} or
 * {@link #close()} returns. A writer is used by one thread at a time.
 */
public interface FileWriter extends Closeable {

  /** Appends all remaining bytes of {@code buffer}. */
  void write(ByteBuffer buffer) throws StorageException;

  /** Size of the file, including every byte written so far. */
  long size();

  /**
   * Cuts the file back to {@code size} bytes (no larger than {@link #size()}), so that a chunk
   * that failed half way leaves no trace; writing continues from there.
   */
  void truncate(long size) throws StorageException;

  /**
   * Pushes written bytes to the medium; on a durable driver, to stable storage. Called before the
   * client is told that its bytes were accepted.
   */
  void flush() throws StorageException;

  /** Flushes and releases the file; closing a closed writer does nothing. */
  @Override
  void close() throws StorageException;
}

package io.zotj.service.testing;

import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Optional;

/**
 * A storage driver that hands every call to another, for tests that change one or two of them
 * (a budget of bytes, a failing writer, little free space). Writers are wrapped so that a test
 * can refuse a write in {@link #beforeWrite} before any of its bytes reach the inner writer.
 */
public abstract class ForwardingStorageDriver implements StorageDriver {

  protected final StorageDriver inner;

  protected ForwardingStorageDriver(StorageDriver inner) {
    this.inner = inner;
  }

  /**
   * Called before each write of {@code buffer} to the writer of {@code path}, which holds
   * {@code written} bytes so far; throwing refuses the write. Nothing is refused by default.
   */
  protected void beforeWrite(String path, long written, ByteBuffer buffer)
      throws StorageException {}

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public InputStream read(String path, long offset) throws StorageException {
    return inner.read(path, offset);
  }

  @Override
  public ReadableByteChannel channel(String path, long offset) throws StorageException {
    return inner.channel(path, offset);
  }

  @Override
  public byte[] readAll(String path) throws StorageException {
    return inner.readAll(path);
  }

  @Override
  public Optional<FileInfo> stat(String path) throws StorageException {
    return inner.stat(path);
  }

  @Override
  public List<String> list(String dir) throws StorageException {
    return inner.list(dir);
  }

  @Override
  public void writeAtomically(String path, byte[] content) throws StorageException {
    inner.writeAtomically(path, content);
  }

  @Override
  public FileWriter writer(String path, boolean append) throws StorageException {
    FileWriter writer = inner.writer(path, append);
    return new FileWriter() {
      @Override
      public void write(ByteBuffer buffer) throws StorageException {
        beforeWrite(path, writer.size(), buffer);
        writer.write(buffer);
      }

      @Override
      public long size() {
        return writer.size();
      }

      @Override
      public void truncate(long size) throws StorageException {
        writer.truncate(size);
      }

      @Override
      public void flush() throws StorageException {
        writer.flush();
      }

      @Override
      public void close() throws StorageException {
        writer.close();
      }
    };
  }

  @Override
  public void move(String source, String target) throws StorageException {
    inner.move(source, target);
  }

  @Override
  public boolean link(String source, String target) throws StorageException {
    return inner.link(source, target);
  }

  @Override
  public boolean delete(String path) throws StorageException {
    return inner.delete(path);
  }

  @Override
  public int links(String path) throws StorageException {
    return inner.links(path);
  }

  @Override
  public boolean shared(String a, String b) throws StorageException {
    return inner.shared(a, b);
  }

  @Override
  public long usableSpace() throws StorageException {
    return inner.usableSpace();
  }

  @Override
  public void close() throws java.io.IOException {
    inner.close();
  }
}

package io.zotj.service.testing;

import io.zotj.spi.storage.FileInfo;
import io.zotj.spi.storage.FileWriter;
import io.zotj.spi.storage.StorageContext;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageDriverFactory;
import io.zotj.spi.storage.StorageException;
import io.zotj.spi.storage.StorageFullException;
import io.zotj.storage.local.LocalStorageDriverFactory;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test storage driver {@code quota}: the local driver under a byte budget the test sets, for
 * a full disk where no small file system can be mounted. A write that does not fit the budget
 * fails as the local driver fails on a full disk ({@link StorageFullException}, nothing of it
 * kept); links and deletes need no room.
 */
public final class QuotaStorageDriverFactory implements StorageDriverFactory {

  private static final AtomicLong BUDGET = new AtomicLong(Long.MAX_VALUE);

  /** From now on, writes may add at most {@code bytes} in all. */
  public static void allow(long bytes) {
    BUDGET.set(bytes);
  }

  /** Writes may add anything again. */
  public static void unlimited() {
    BUDGET.set(Long.MAX_VALUE);
  }

  @Override
  public String name() {
    return "quota";
  }

  @Override
  public StorageDriver open(StorageContext context) throws StorageException {
    return new Quota(new LocalStorageDriverFactory().open(context));
  }

  private static void take(String path, long bytes) throws StorageFullException {
    long left;
    do {
      left = BUDGET.get();
      if (bytes > left) {
        throw new StorageFullException(path, null);
      }
    } while (left != Long.MAX_VALUE && !BUDGET.compareAndSet(left, left - bytes));
  }

  private static final class Quota implements StorageDriver {
    private final StorageDriver local;

    Quota(StorageDriver local) {
      this.local = local;
    }

    @Override
    public String name() {
      return "quota";
    }

    @Override
    public InputStream read(String path, long offset) throws StorageException {
      return local.read(path, offset);
    }

    @Override
    public byte[] readAll(String path) throws StorageException {
      return local.readAll(path);
    }

    @Override
    public Optional<FileInfo> stat(String path) throws StorageException {
      return local.stat(path);
    }

    @Override
    public List<String> list(String dir) throws StorageException {
      return local.list(dir);
    }

    @Override
    public void writeAtomically(String path, byte[] content) throws StorageException {
      take(path, content.length);
      local.writeAtomically(path, content);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws StorageException {
      FileWriter writer = local.writer(path, append);
      return new FileWriter() {
        @Override
        public void write(ByteBuffer buffer) throws StorageException {
          take(path, buffer.remaining());
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
      local.move(source, target);
    }

    @Override
    public boolean link(String source, String target) throws StorageException {
      return local.link(source, target);
    }

    @Override
    public boolean delete(String path) throws StorageException {
      return local.delete(path);
    }

    @Override
    public int links(String path) throws StorageException {
      return local.links(path);
    }

    @Override
    public long usableSpace() throws StorageException {
      return Math.min(BUDGET.get(), local.usableSpace());
    }

    @Override
    public void close() throws java.io.IOException {
      local.close();
    }
  }

  @Override
  public List<String> validate(Map<String, Object> settings) {
    return List.of();
  }
}

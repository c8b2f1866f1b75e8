package io.zotj.service.testing;

import io.zotj.spi.storage.StorageContext;
import io.zotj.spi.storage.StorageDriver;
import io.zotj.spi.storage.StorageDriverFactory;
import io.zotj.spi.storage.StorageException;
import io.zotj.spi.storage.StorageFullException;
import io.zotj.storage.local.LocalStorageDriverFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
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

  private static final class Quota extends ForwardingStorageDriver {

    Quota(StorageDriver local) {
      super(local);
    }

    @Override
    public String name() {
      return "quota";
    }

    @Override
    protected void beforeWrite(String path, long written, ByteBuffer buffer)
        throws StorageException {
      take(path, buffer.remaining());
    }

    @Override
    public void writeAtomically(String path, byte[] content) throws StorageException {
      take(path, content.length);
      inner.writeAtomically(path, content);
    }

    @Override
    public long usableSpace() throws StorageException {
      return Math.min(BUDGET.get(), inner.usableSpace());
    }
  }

  @Override
  public List<String> validate(Map<String, Object> settings) {
    return List.of();
  }
}

package io.zotj.spi.storage;

/** A fault of the storage medium, raised by a {@link StorageDriver}. */
public class StorageException extends java.io.IOException {

  private final String path;

  public StorageException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  public StorageException(String path, String message) {
    this(path, message, null);
  }

  /** The driver path the failed operation was about. */
  public String path() {
    return path;
  }
}

package io.zotj.spi.storage;

/** The medium has no room (or quota) left for a write; nothing partial was kept. */
public class StorageFullException extends StorageException {

  public StorageFullException(String path, Throwable cause) {
    super(path, "no space left on the storage medium while writing " + path, cause);
  }
}

package io.zotj.spi.storage;

/** The path an operation needed does not exist. */
public class PathNotFoundException extends StorageException {

  public PathNotFoundException(String path) {
    super(path, "no such path: " + path);
  }
}

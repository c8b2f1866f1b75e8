package io.zotj.spi.cache;

/** A fault of a cache driver's medium: the index could not be read or written. */
public class CacheException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }

  public CacheException(String message) {
    super(message);
  }
}

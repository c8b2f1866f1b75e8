package io.zotj.cache.embedded;

import io.zotj.spi.cache.CacheContext;
import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.cache.CacheDriverFactory;

/** Opens the embedded dedupe index: a Chronicle Map file in the storage root. */
public final class EmbeddedCacheDriverFactory implements CacheDriverFactory {

  @Override
  public String name() {
    return EmbeddedCacheDriver.NAME;
  }

  /** Builds a tiny in-memory map of the same shape: Chronicle generates its classes once. */
  @Override
  public void prepare() {
    EmbeddedCacheDriver.warmUp();
  }

  @Override
  public CacheDriver open(CacheContext context) {
    return EmbeddedCacheDriver.open(context.rootDirectory(),
        EmbeddedCacheDriver.DEFAULT_ENTRIES);
  }
}

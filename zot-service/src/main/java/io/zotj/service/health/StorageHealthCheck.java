package io.zotj.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.zotj.service.store.RegistryStore;

/** Healthy while the storage root takes a write, a read and a delete. */
public final class StorageHealthCheck extends HealthCheck {

  private final RegistryStore store;
  private final String where;

  public StorageHealthCheck(RegistryStore store, String where) {
    this.store = store;
    this.where = where;
  }

  @Override
  protected Result check() {
    String problem = store.probe();
    return problem == null ? Result.healthy("%s is writable", where)
        : Result.unhealthy("%s is not writable: %s", where, problem);
  }
}

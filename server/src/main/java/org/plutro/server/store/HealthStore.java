package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** Whether the database answers at all (readiness). */
public final class HealthStore {
  private static final String PING = "SELECT 1";

  private final Pool pool;

  public HealthStore(Pool pool) {
    this.pool = pool;
  }

  /** Succeeds when the database answers a trivial query. */
  public Future<Void> ping() {
    return pool.query(PING).execute().mapEmpty();
  }
}

package org.plutro.server;

import io.vertx.core.Future;

/** Runs a server's housekeeping once, for tests in other packages. */
public final class HousekeepingAccess {
  private HousekeepingAccess() {}

  public static Future<Integer> run(AppContext app) {
    return new Housekeeping(app.vertx(), app.pool(), app.settings().ipRetentionDays()).run();
  }
}

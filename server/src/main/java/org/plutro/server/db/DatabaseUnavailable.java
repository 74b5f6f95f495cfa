package org.plutro.server.db;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/**
 * Tells a failure that means "the database cannot be reached right now" (refused or dropped
 * connections, a server shutting down or starting up) from one caused by the request, so that
 * callers answer 503 and try again instead of reporting a bug.
 */
public final class DatabaseUnavailable {
  private DatabaseUnavailable() {}

  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
        return true;
      }
      // 08: connection exceptions; 57P: operator intervention (shutdown, starting up, crash).
      if (t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }
}

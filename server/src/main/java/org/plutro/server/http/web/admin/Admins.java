package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Visit;
import org.plutro.server.service.AuditLog;

/** The check every admin page makes, and who the audit log names for it. */
public final class Admins {
  private Admins() {}

  /** The visit of an admin; anyone else finds nothing here (404), as if there were no such page. */
  public static Future<Visit> only(Visit visit) {
    return visit.user() != null && visit.user().isAdmin() ? Future.succeededFuture(visit)
        : Future.failedFuture(ServiceException.notFound("Record not found"));
  }

  /** The admin of this visit, as the audit log names them. */
  public static AuditLog.By by(Visit visit) {
    return AuditLog.By.member(visit.member());
  }
}

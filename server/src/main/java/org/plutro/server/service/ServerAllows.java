package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.store.DomainAllowStore;
import org.plutro.server.store.DomainAllowStore.DomainAllow;

/**
 * The servers this instance federates with in limited federation mode, as admins change them
 * (the admin API and the admin page alike): each change refreshes the list in force
 * ({@link DomainBlocks}) at once and is recorded in the audit log.
 */
public final class ServerAllows {
  static final String TARGET = "DomainAllow";

  /** What allowing a domain did: {@code created} false when it was allowed already. */
  public record Allowed(DomainAllow allow, boolean created) {}

  private final DomainAllowStore allows;
  private final DomainBlocks inForce;
  private final AuditLog auditLog;

  public ServerAllows(DomainAllowStore allows, DomainBlocks inForce, AuditLog auditLog) {
    this.allows = allows;
    this.inForce = inForce;
    this.auditLog = auditLog;
  }

  /** Whether the server runs in limited federation mode, where the list decides. */
  public boolean limited() {
    return inForce.limited();
  }

  public Future<List<DomainAllow>> list() {
    return allows.list();
  }

  public Future<Optional<DomainAllow>> byId(long id) {
    return allows.byId(id);
  }

  /**
   * Allows a domain (normalised as domain blocks are); one allowed already is answered as it is,
   * as Mastodon does. 422 when it is not a domain.
   */
  public Future<Allowed> allow(AuditLog.By by, String typed, String note) {
    String domain = ServerBlocks.normalised(typed);
    if (!ServerBlocks.isDomain(domain)) {
      return Future.failedFuture(new ValidationErrors()
          .add("domain", "ERR_INVALID", "is not a domain").toException());
    }
    return allows.insert(domain, by.accountId())
        .compose(inserted -> inserted.isEmpty()
            ? stored(domain).map(allow -> new Allowed(allow, false))
            : logged(by, "create", domain, note).compose(done -> stored(domain))
                .map(allow -> new Allowed(allow, true)));
  }

  /** Removes a domain from the list; answers it; 404 when there is none with that id. */
  public Future<String> remove(AuditLog.By by, long id, String note) {
    return allows.delete(id)
        .compose(domain -> domain.isEmpty()
            ? Future.<String>failedFuture(ServiceException.notFound("Record not found"))
            : logged(by, "delete", domain.get(), note).map(domain.get()));
  }

  private Future<DomainAllow> stored(String domain) {
    return allows.byDomain(domain).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private Future<Void> logged(AuditLog.By by, String action, String domain, String note) {
    return inForce.refresh().compose(done -> auditLog.record(by, action,
        AuditLog.Target.domain(TARGET, domain), note));
  }
}

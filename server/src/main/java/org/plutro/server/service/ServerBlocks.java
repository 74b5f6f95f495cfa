package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.store.InstanceDomainBlockStore;
import org.plutro.server.store.InstanceDomainBlockStore.Change;
import org.plutro.server.store.InstanceDomainBlockStore.DomainBlock;

/**
 * The servers this instance blocks, as moderators change them (the admin API and the admin
 * pages alike): each change runs in one transaction with what it does to the accounts we hold
 * ({@link DomainBlockEffects}), refreshes the blocks in force ({@link DomainBlocks}) and is
 * recorded in the audit log with the moderator's note.
 */
public final class ServerBlocks {
  public static final Set<String> SEVERITIES = Set.of("silence", "suspend", "noop");
  static final String TARGET = "DomainBlock";
  /** One part of a host name (or of an IPv4 address): letters, digits, inner hyphens. */
  private static final String LABEL = "[a-z0-9]([a-z0-9\\-]*[a-z0-9])?";

  /** A new block as asked. */
  public record Draft(String domain, String severity, boolean rejectMedia, boolean rejectReports,
      String privateComment, String publicComment, boolean obfuscate) {}

  private final Pool pool;
  private final InstanceDomainBlockStore blocks;
  private final DomainBlocks inForce;
  private final AuditLog auditLog;

  public ServerBlocks(Pool pool, InstanceDomainBlockStore blocks, DomainBlocks inForce, AuditLog auditLog) {
    this.pool = pool;
    this.blocks = blocks;
    this.inForce = inForce;
    this.auditLog = auditLog;
  }

  public Future<List<DomainBlock>> list() {
    return blocks.list();
  }

  public Future<Optional<DomainBlock>> byId(long id) {
    return blocks.byId(id);
  }

  /** Blocks a domain; 422 when the domain or severity is not one, or it is already blocked. */
  public Future<DomainBlock> create(AuditLog.By by, Draft draft, String note) {
    String domain = normalised(draft.domain());
    String severity = draft.severity() == null ? "silence" : draft.severity().strip();
    ValidationErrors errors = new ValidationErrors();
    if (!isDomain(domain)) {
      errors.add("domain", "ERR_INVALID", "is not a domain");
    }
    if (!SEVERITIES.contains(severity)) {
      errors.add("severity", "ERR_INCLUSION", "is not included in the list");
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    return pool.withTransaction(tx -> blocks.insert(tx, domain, severity, draft.rejectMedia(),
            draft.rejectReports(), draft.privateComment(), draft.publicComment(), draft.obfuscate())
        .compose(inserted -> inserted.isEmpty()
            ? Future.<DomainBlock>failedFuture(new ValidationErrors()
                .add("domain", "ERR_TAKEN", "is already blocked").toException())
            : applied(tx, inserted.get())))
        .compose(block -> logged(by, "create", block.domain(), note).map(block));
  }

  /** Changes a block (null parts stay as they are); 404 when there is none with that id. */
  public Future<DomainBlock> update(AuditLog.By by, long id, Change change, String note) {
    if (change.severity() != null && !SEVERITIES.contains(change.severity())) {
      return Future.failedFuture(new ValidationErrors()
          .add("severity", "ERR_INCLUSION", "is not included in the list").toException());
    }
    return pool.withTransaction(tx -> blocks.update(tx, id, change)
            .compose(updated -> updated.isEmpty()
                ? Future.<DomainBlock>failedFuture(ServiceException.notFound("Record not found"))
                : applied(tx, updated.get())))
        .compose(block -> logged(by, "update", block.domain(), note).map(block));
  }

  /** Lifts a block; answers the domain it blocked; 404 when there is none with that id. */
  public Future<String> delete(AuditLog.By by, long id, String note) {
    return pool.withTransaction(tx -> blocks.delete(tx, id)
            .compose(domain -> domain.isEmpty()
                ? Future.<String>failedFuture(ServiceException.notFound("Record not found"))
                : DomainBlockEffects.lifted(tx, domain.get()).map(domain.get())))
        .compose(domain -> logged(by, "delete", domain, note).map(domain));
  }

  /** A domain as typed, as the lists keep it: without surrounding space, in lower case. */
  static String normalised(String typed) {
    return typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether a normalised domain is one: a host name or address, with a port or without. */
  static boolean isDomain(String domain) {
    return domain.matches("^" + LABEL + "(\\." + LABEL + ")*(:[0-9]{1,5})?$");
  }

  /** The block as stored now acts on the accounts we hold (in the same transaction). */
  private static Future<DomainBlock> applied(io.vertx.sqlclient.SqlClient tx, DomainBlock block) {
    return DomainBlockEffects.blocked(tx, block.domain(), block.severity(), block.rejectMedia()).map(block);
  }

  private Future<Void> logged(AuditLog.By by, String action, String domain, String note) {
    return inForce.refresh().compose(done -> auditLog.record(by, action, AuditLog.Target.domain(TARGET, domain), note));
  }
}

package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;
import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.service.InstanceRules.Rule;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.ReportStore.Report;

/**
 * Reports, as Mastodon takes them: a member reports an account (and some of its posts) to this
 * server's moderators; with {@code forward}, a remote account's server is told too, by a
 * {@code Flag} from the instance actor (never naming the reporter). A remote server's Flag about
 * our members lands in the same queue.
 */
public final class ReportService {
  public static final Set<String> CATEGORIES = Set.of("spam", "legal", "violation", "other");
  public static final int COMMENT_MAX = 1000;

  /** What a member sends. */
  public record Draft(long targetAccountId, List<String> statusIds, String comment, boolean forward,
      String category, List<String> ruleIds) {}

  private final Pool pool;
  private final Uris uris;
  private final AccountStore accounts;
  private final LocalAccounts localAccounts;
  private final StatusStore statuses;
  private final Publisher publisher;
  private final InstanceRules rules;

  public ReportService(Pool pool, Uris uris, AccountStore accounts, LocalAccounts localAccounts,
      StatusStore statuses, Publisher publisher, InstanceRules rules) {
    this.pool = pool;
    this.uris = uris;
    this.accounts = accounts;
    this.localAccounts = localAccounts;
    this.statuses = statuses;
    this.publisher = publisher;
    this.rules = rules;
  }

  public Future<Report> report(Account reporter, Draft draft) {
    String comment = draft.comment() == null ? "" : draft.comment().strip();
    String category = draft.category() == null || draft.category().isBlank() ? "other"
        : draft.category().strip();
    ValidationErrors errors = new ValidationErrors();
    if (comment.codePointCount(0, comment.length()) > COMMENT_MAX) {
      errors.add("comment", "ERR_TOO_LONG", "is too long (maximum is " + COMMENT_MAX + " characters)");
    }
    if (!CATEGORIES.contains(category)) {
      errors.add("category", "ERR_INCLUSION", "is not included in the list");
    }
    List<Long> statusIds = new ArrayList<>();
    for (String id : draft.statusIds() == null ? List.<String>of() : draft.statusIds()) {
      try {
        statusIds.add(Long.parseLong(id.strip()));
      } catch (NumberFormatException e) {
        errors.add("status_ids", "ERR_INVALID", "are not status ids");
        break;
      }
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    return reportable(reporter, draft.targetAccountId())
        .compose(target -> checkedRules(category, draft.ruleIds())
            // As in Mastodon, only the reported account's own posts are attached.
            .compose(ruleIds -> statuses.ownIds(statusIds.toArray(Long[]::new), target.id())
                .map(own -> new Filing(reporter, target, own, comment, category, ruleIds,
                    draft.forward() && !target.isLocal()))))
        .compose(this::file);
  }

  /** A report about to be stored: who about whom, the posts, and whether it goes to their server. */
  private record Filing(Account reporter, Account target, List<Long> statusIds, String comment,
      String category, List<String> ruleIds, boolean forward) {}

  /** The reported account: not closed, and not the reporter (else 404). */
  private Future<Account> reportable(Account reporter, long targetId) {
    return accounts.byId(targetId).compose(found -> found.isEmpty()
            || found.get().deletedAt() != null || found.get().id() == reporter.id()
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : Future.succeededFuture(found.get()));
  }

  /** Stores the report and, when it is to be forwarded, its Flag, in one transaction. */
  private Future<Report> file(Filing f) {
    String uri = uris.base() + "/reports/" + UUID.randomUUID();
    return pool.withTransaction(tx -> ReportStore.insert(tx, f.reporter().id(), f.target().id(),
            f.statusIds(), f.comment(), f.category(), f.ruleIds(), f.forward(), uri)
        .compose(report -> !f.forward() ? Future.succeededFuture(report.orElseThrow())
            : flag(tx, uri, f.target(), f.statusIds(), f.comment()).map(report.orElseThrow())));
  }

  /**
   * Forwards a report filed without forwarding: the Flag goes to the reported account's server
   * now, as it would have then (from the instance actor, never naming the reporter). 404 for no
   * such report; 422 when the account is ours or the report was already forwarded.
   */
  public Future<Report> forward(long reportId) {
    return pool.withTransaction(tx -> ReportStore.lock(tx, reportId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      Report report = found.get();
      return accounts.byId(report.targetAccountId()).compose(target -> {
        if (report.forwarded() || target.isEmpty() || target.get().isLocal()) {
          return Future.failedFuture(ServiceException.unprocessable("This report cannot be forwarded"));
        }
        return ReportStore.markForwarded(tx, reportId).compose(forwarded ->
            flag(tx, report.uri(), target.get(), report.statusIds(), report.comment()).map(forwarded.orElseThrow()));
      });
    }));
  }

  /** Rule ids must name this server's rules; a violation report needs at least one. */
  private Future<List<String>> checkedRules(String category, List<String> asked) {
    return rules.rules().compose(known -> {
      Set<String> ids = new LinkedHashSet<>();
      for (String id : asked == null ? List.<String>of() : asked) {
        if (known.stream().noneMatch(rule -> rule.id().equals(id.strip()))) {
          return Future.failedFuture(new ValidationErrors()
              .add("rule_ids", "ERR_INVALID", "are not rules of this server").toException());
        }
        ids.add(id.strip());
      }
      if ("violation".equals(category) && ids.isEmpty()) {
        return Future.failedFuture(new ValidationErrors()
            .add("rule_ids", "ERR_BLANK", "can't be blank for a violation").toException());
      }
      return Future.succeededFuture(List.copyOf(ids));
    });
  }

  /** Flag from the instance actor to the reported account's server, as Mastodon sends it. */
  private Future<Void> flag(io.vertx.sqlclient.SqlClient tx, String uri, Account target,
      List<Long> statusIds, String comment) {
    return accounts.byUri(uris.instanceActor()).compose(instance -> {
      Account actor = instance.orElseThrow();
      return statusUris(statusIds).compose(statusUris -> {
        Activity activity = Activities.flag(uri, actor, target, statusUris, comment);
        String inbox = target.sharedInboxUrl() != null ? target.sharedInboxUrl() : target.inboxUrl();
        return publisher.publish(tx, actor.id(), activity, List.of(inbox));
      });
    });
  }

  private Future<List<String>> statusUris(List<Long> ids) {
    List<Future<?>> loads = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    for (long id : ids) {
      loads.add(statuses.byId(id).onSuccess(s -> s.ifPresent(status -> {
        synchronized (uris) {
          uris.add(status.uri());
        }
      })));
    }
    return Future.all(loads).map(done -> uris);
  }

  /**
   * A remote server's Flag: one report per local member it names, from the Flag's actor, with
   * the named posts of that member and the Flag's text. A repeated Flag is stored once.
   */
  public Future<Void> receiveFlag(Account reporter, String flagId, List<String> objects, String content) {
    List<Future<?>> reports = new ArrayList<>();
    for (String uri : objects) {
      reports.add(localAccounts.byUri(uri).compose(target -> target.isEmpty() ? Future.succeededFuture()
          : statuses.ownIdsByUri(objects.toArray(String[]::new), target.get().id())
              .compose(statusIds -> {
                String text = content == null ? "" : content.strip();
                if (text.length() > 5 * COMMENT_MAX) {
                  text = text.substring(0, 5 * COMMENT_MAX);
                }
                // One report per member the Flag names, each kept once however often it comes.
                String id = flagId + "#" + target.get().id();
                return ReportStore.insert(pool, reporter.id(), target.get().id(), statusIds,
                    text, "other", List.of(), false, id);
              })));
    }
    return Future.all(reports).mapEmpty();
  }

  /** This server's rules by id (for the admin entity). */
  public Future<List<Rule>> rules() {
    return rules.rules();
  }
}

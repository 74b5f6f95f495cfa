package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.ExportStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.SafetyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports of Mastodon's CSV exports (following, blocks, mutes): each account becomes one durable
 * job, resolved through WebFinger and applied in the background, so a long list neither holds the
 * request nor is lost in a restart. {@code overwrite} also undoes what the file does not list.
 */
public final class ImportService {
  public static final String JOB = "import.row";
  public static final Set<String> TYPES = Set.of("following", "blocks", "mutes");
  public static final int MAX_ROWS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

  private final JobStore jobStore;
  private final Uris uris;
  private final AccountStore accounts;
  private final ExportStore exports;
  private final SafetyStore safety;
  private final RemoteActors remoteActors;
  private final FollowService followService;
  private final BlockService blocks;
  private final JobQueue jobs;

  public ImportService(JobStore jobStore, Uris uris, AccountStore accounts, ExportStore exports,
      SafetyStore safety, RemoteActors remoteActors, FollowService followService, BlockService blocks,
      JobQueue jobs) {
    this.jobStore = jobStore;
    this.uris = uris;
    this.accounts = accounts;
    this.exports = exports;
    this.safety = safety;
    this.remoteActors = remoteActors;
    this.followService = followService;
    this.blocks = blocks;
    this.jobs = jobs;
  }

  /** The accounts a CSV names: the first column of each line, Mastodon's header skipped. */
  public static List<String> addresses(String csv) {
    Set<String> found = new LinkedHashSet<>();
    for (String line : csv.split("\r?\n")) {
      String first = line.split(",", 2)[0].strip().replaceFirst("^@", "");
      if (first.isEmpty() || first.equalsIgnoreCase("Account address")) {
        continue;
      }
      found.add(first.toLowerCase(Locale.ROOT));
    }
    return new ArrayList<>(found);
  }

  /** Queues the file's rows (and, to overwrite, the undoing of what it does not list). */
  public Future<Integer> start(Account member, String type, boolean overwrite, String csv) {
    ValidationErrors errors = new ValidationErrors();
    if (!TYPES.contains(type)) {
      errors.add("type", "ERR_INCLUSION", "is not following, blocks or mutes");
    }
    List<String> listed = csv == null ? List.of() : addresses(csv);
    if (listed.isEmpty()) {
      errors.add("data", "ERR_BLANK", "names no account");
    } else if (listed.size() > MAX_ROWS) {
      errors.add("data", "ERR_TOO_LONG", "names more than " + MAX_ROWS + " accounts");
    }
    for (String address : listed) {
      if (!address.matches("^[\\w.\\-]+@[\\w.\\-]+(:\\d{1,5})?$")) {
        errors.add("data", "ERR_INVALID", "has a line that is not an account address: " + address);
        break;
      }
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    Future<List<String>> undone = !overwrite ? Future.succeededFuture(List.of())
        : exports.currentAddresses(type, member.id(), uris.authority())
            .map(current -> {
              List<String> gone = new ArrayList<>();
              current.forEach(address -> {
                if (!listed.contains(address)) {
                  gone.add(address);
                }
              });
              return gone;
            });
    return undone.compose(gone -> {
      List<String> all = new ArrayList<>(listed);
      List<Boolean> undo = new ArrayList<>();
      listed.forEach(a -> undo.add(false));
      all.addAll(gone);
      gone.forEach(a -> undo.add(true));
      return jobStore.queueRows(JOB, Long.toString(member.id()), type, all.toArray(String[]::new),
              undo.toArray(Boolean[]::new))
          .map(done -> all.size());
    }).onSuccess(queued -> jobs.wake());
  }

  /** The job: one account followed, blocked or muted (or, undoing, no longer). */
  public Future<Void> run(JsonObject payload) {
    long memberId = Long.parseLong(payload.getString("subject"));
    String type = payload.getString("type");
    boolean undo = Boolean.TRUE.equals(payload.getBoolean("undo"));
    return accounts.byId(memberId).compose(found -> {
      if (found.isEmpty() || found.get().deletedAt() != null) {
        return Future.succeededFuture();
      }
      Account member = found.get();
      return remoteActors.resolve(payload.getString("acct"), false).compose(target -> {
        if (target.id() == member.id()) {
          return Future.<Void>succeededFuture();
        }
        return switch (type) {
          case "following" -> undo ? followService.unfollow(member, target)
              : followService.follow(member, target).mapEmpty();
          case "blocks" -> undo ? blocks.unblock(member, target) : blocks.block(member, target);
          default -> undo ? safety.unmute(member.id(), target.id())
              : safety.mute(member.id(), target.id(), true, null);
        };
      }, failure -> {
        // An account that cannot be found is skipped, as Mastodon's import does.
        LOG.debug("Import of {} skipped: {}", payload.getString("acct"), failure.toString());
        return failure instanceof ServiceException e && e.status() == 404
            ? Future.succeededFuture() : Future.failedFuture(failure);
      });
    });
  }
}

package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.server.domain.Account;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.store.ExportStore;
import org.plutro.server.store.ImportStore;
import org.plutro.server.store.ImportStore.Progress;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.ListStore;
import org.plutro.server.uri.Uris;

/**
 * Imports of Mastodon's CSV exports — following, blocks, mutes, domain blocks, bookmarks, lists —
 * for the API and the import page alike. Each row becomes one durable job ({@link ImportRows}),
 * resolved and applied in the background, so a long file neither holds the request nor is lost
 * in a restart; the import is recorded so that its member can follow it. {@code overwrite} also
 * undoes what the file does not list.
 */
public final class ImportService {
  public static final String JOB = "import.row";
  public static final Set<String> TYPES = Set.of("following", "blocks", "mutes", "domain_blocks",
      "bookmarks", "lists");
  public static final int MAX_ROWS = 10_000;
  private static final Pattern ADDRESS = Pattern.compile("^[\\w.\\-]+@[\\w.\\-]+(:\\d{1,5})?$");
  private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9][a-z0-9.\\-]*(:\\d{1,5})?$");
  private static final Pattern POST = Pattern.compile("^https?://\\S+$");

  /** One row: what it names (an account address, a domain or a post's id) and, for lists, the list. */
  public record Row(String item, String list) {}

  private final Pool pool;
  private final Uris uris;
  private final ExportStore exports;
  private final ListStore lists;
  private final ImportStore imports;
  private final JobQueue jobs;

  public ImportService(Pool pool, Uris uris, ExportStore exports, ListStore lists, ImportStore imports,
      JobQueue jobs) {
    this.pool = pool;
    this.uris = uris;
    this.exports = exports;
    this.lists = lists;
    this.imports = imports;
    this.jobs = jobs;
  }

  /** The rows of a {@code type} file, as Mastodon writes it, without repeats. */
  static List<Row> rows(String type, String csv) {
    Set<Row> found = new LinkedHashSet<>();
    for (String line : csv.split("\r?\n")) {
      List<String> fields = fields(line);
      String first = fields.get(0).strip();
      if (first.isEmpty() || first.equalsIgnoreCase("Account address")) {
        continue;
      }
      switch (type) {
        case "lists" -> found.add(new Row(fields.size() < 2 ? "" : account(fields.get(1)), first));
        case "domain_blocks" -> found.add(new Row(first.toLowerCase(Locale.ROOT), null));
        case "bookmarks" -> found.add(new Row(first, null));
        default -> found.add(new Row(account(first), null));
      }
    }
    return new ArrayList<>(found);
  }

  private static String account(String field) {
    return field.strip().replaceFirst("^@", "").toLowerCase(Locale.ROOT);
  }

  /** A CSV line's fields; a quoted field may hold commas and doubled quotes. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /**
   * Records the import and queues its rows (and, to overwrite, the undoing of what the file does
   * not list), in one transaction; answers how many rows were queued.
   */
  public Future<Integer> start(Account member, String type, boolean overwrite, String csv) {
    ValidationErrors errors = new ValidationErrors();
    if (!TYPES.contains(type)) {
      errors.add("type", "ERR_INCLUSION",
          "is not following, blocks, mutes, domain_blocks, bookmarks or lists");
      return Future.failedFuture(errors.toException());
    }
    List<Row> listed = csv == null ? List.of() : rows(type, csv);
    if (listed.isEmpty()) {
      errors.add("data", "ERR_BLANK", "names nothing to import");
    } else if (listed.size() > MAX_ROWS) {
      errors.add("data", "ERR_TOO_LONG", "names more than " + MAX_ROWS + " rows");
    } else {
      check(type, listed, errors);
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    return (overwrite ? undone(member, type, listed) : Future.succeededFuture(List.<Row>of()))
        .compose(gone -> listsNamed(member, type, listed).map(gone))
        .compose(gone -> queue(member, type, overwrite, listed, gone))
        .onSuccess(queued -> jobs.wake());
  }

  private void check(String type, List<Row> listed, ValidationErrors errors) {
    for (Row row : listed) {
      String item = row.item();
      String wrong = switch (type) {
        case "domain_blocks" -> !DOMAIN.matcher(item).matches() ? "is not a domain"
            : item.equals(uris.authority().toLowerCase(Locale.ROOT)) ? "is this server" : null;
        case "bookmarks" -> POST.matcher(item).matches() ? null : "is not the address of a post";
        case "lists" -> row.list().isBlank() ? "names no list"
            : ADDRESS.matcher(item).matches() ? null : "is not a list title and an account address";
        default -> ADDRESS.matcher(item).matches() ? null : "is not an account address";
      };
      if (wrong != null) {
        String shown = "lists".equals(type) ? row.list() + "," + item : item;
        errors.add("data", "ERR_INVALID", "has a line that " + wrong + ": " + shown);
        return;
      }
    }
  }

  /** What the member has now that the file does not list, to be undone by an overwrite. */
  private Future<List<Row>> undone(Account member, String type, List<Row> listed) {
    Set<Row> kept = Set.copyOf(listed);
    Future<List<Row>> current = switch (type) {
      case "domain_blocks" -> exports.domainBlocks(member.id()).map(ImportService::items);
      case "bookmarks" -> exports.bookmarkedUris(member.id()).map(ImportService::items);
      case "lists" -> {
        // Only the lists the file names are made to hold exactly what it lists.
        Set<String> named = new LinkedHashSet<>();
        listed.forEach(row -> named.add(row.list()));
        yield exports.listMembers(member.id(), uris.authority()).map(entries -> entries.stream()
            .filter(entry -> named.contains(entry.listTitle()))
            .map(entry -> new Row(entry.address().toLowerCase(Locale.ROOT), entry.listTitle()))
            .toList());
      }
      default -> exports.currentAddresses(type, member.id(), uris.authority())
          .map(ImportService::items);
    };
    return current.map(rows -> rows.stream().filter(row -> !kept.contains(row)).toList());
  }

  private static List<Row> items(List<String> items) {
    return items.stream().map(item -> new Row(item, null)).toList();
  }

  /** A list import's lists, made now if the member has none by that title (rows run in parallel). */
  private Future<Void> listsNamed(Account member, String type, List<Row> listed) {
    if (!"lists".equals(type)) {
      return Future.succeededFuture();
    }
    return lists.owned(member.id()).compose(owned -> {
      Set<String> missing = new LinkedHashSet<>();
      listed.forEach(row -> missing.add(row.list()));
      owned.forEach(list -> missing.remove(list.title()));
      Future<Void> chain = Future.succeededFuture();
      for (String title : missing) {
        chain = chain.compose(done -> lists.insert(member.id(), title, "list", false).mapEmpty());
      }
      return chain;
    });
  }

  private Future<Integer> queue(Account member, String type, boolean overwrite, List<Row> listed,
      List<Row> gone) {
    int total = listed.size() + gone.size();
    String[] items = new String[total];
    String[] titles = new String[total];
    Boolean[] undo = new Boolean[total];
    int i = 0;
    for (Row row : listed) {
      items[i] = row.item();
      titles[i] = row.list();
      undo[i++] = false;
    }
    for (Row row : gone) {
      items[i] = row.item();
      titles[i] = row.list();
      undo[i++] = true;
    }
    return pool.withTransaction(tx -> ImportStore.insert(tx, member.id(), type, overwrite, total)
        .compose(importId -> JobStore.queueRows(tx, JOB, Long.toString(member.id()), type, importId,
            items, titles, undo)))
        .map(total);
  }

  /** The member's last few imports, the newest first, with how far each has come. */
  public Future<List<Progress>> recent(long memberId) {
    return imports.recent(memberId, JOB, 5);
  }
}

package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.InstanceTextStore;

/**
 * The instance's rules, shown on {@code /about}, at {@code /api/v1/instance/rules} and to people
 * signing up. Admins edit them at {@code /admin/rules}; until the first edit they come from
 * {@code rules.txt} in the data folder (one rule per line, optionally {@code rule | hint}; blank
 * lines and lines starting with {@code #} are skipped; no file, no rules), read on each request
 * so an operator's edit shows without a restart. The first edit copies the file in, and from
 * then on the rules are the stored ones.
 */
public final class InstanceRules {
  public static final int TEXT_MAX = 300;
  public static final int HINT_MAX = 500;

  public record Rule(String id, String text, String hint) {}

  private final Vertx vertx;
  private final Path file;
  private final InstanceTextStore store;

  public InstanceRules(Vertx vertx, Path dataDir, InstanceTextStore store) {
    this.vertx = vertx;
    this.file = dataDir.resolve("rules.txt");
    this.store = store;
  }

  public Future<List<Rule>> rules() {
    return store.rulesStored().compose(stored -> stored ? storedRules() : fileRules());
  }

  /** The rules as an admin edits them: stored (the file copied in first), each with its id. */
  public Future<List<Rule>> forEditing() {
    return adopted().compose(done -> storedRules());
  }

  public Future<Long> add(String text, String hint) {
    return checked(text, hint).compose(done -> adopted())
        .compose(done -> store.addRule(AdminText.strip(text), AdminText.strip(hint)));
  }

  /** 404 when there is no such rule. */
  public Future<Void> edit(long id, String text, String hint) {
    return checked(text, hint).compose(done -> adopted())
        .compose(done -> store.editRule(id, AdminText.strip(text), AdminText.strip(hint)))
        .compose(InstanceRules::found);
  }

  public Future<Void> delete(long id) {
    return adopted().compose(done -> store.deleteRule(id)).compose(InstanceRules::found);
  }

  /** Swaps the rule with the one before it ({@code up}) or after it; at either end nothing moves. */
  public Future<Void> move(long id, boolean up) {
    return adopted().compose(done -> store.rules()).compose(rules -> {
      List<Long> ids = new ArrayList<>(rules.stream().map(InstanceTextStore.StoredRule::id).toList());
      int at = ids.indexOf(id);
      if (at < 0) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      int other = up ? at - 1 : at + 1;
      if (other < 0 || other >= ids.size()) {
        return Future.succeededFuture();
      }
      ids.set(at, ids.get(other));
      ids.set(other, id);
      return store.orderRules(ids);
    });
  }

  private static Future<Void> checked(String text, String hint) {
    ValidationErrors errors = new ValidationErrors();
    AdminText.check(errors, "text", text, TEXT_MAX, true);
    AdminText.check(errors, "hint", hint, HINT_MAX, false);
    return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(errors.toException());
  }

  private static Future<Void> found(boolean found) {
    return found ? Future.succeededFuture() : Future.failedFuture(ServiceException.notFound("Record not found"));
  }

  // The file's rules stored, once: what the first edit starts from.
  private Future<Void> adopted() {
    return store.rulesStored().compose(stored -> stored ? Future.succeededFuture()
        : fileRules().compose(rules -> store.adoptRules(rules.stream().map(Rule::text).toList(),
            rules.stream().map(Rule::hint).toList())));
  }

  private Future<List<Rule>> storedRules() {
    return store.rules().map(rules -> rules.stream()
        .map(rule -> new Rule(Long.toString(rule.id()), rule.text(), rule.hint())).toList());
  }

  private Future<List<Rule>> fileRules() {
    String path = file.toString();
    return vertx.fileSystem().exists(path).compose(exists -> exists
        ? vertx.fileSystem().readFile(path).map(buffer -> parse(buffer.toString(StandardCharsets.UTF_8)))
        : Future.succeededFuture(List.of()));
  }

  static List<Rule> parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int bar = trimmed.indexOf('|');
      String rule = bar < 0 ? trimmed : trimmed.substring(0, bar).strip();
      String hint = bar < 0 ? "" : trimmed.substring(bar + 1).strip();
      rules.add(new Rule(Integer.toString(rules.size() + 1), rule, hint));
    }
    return rules;
  }
}

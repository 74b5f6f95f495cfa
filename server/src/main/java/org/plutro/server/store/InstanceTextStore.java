package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What admins wrote about the instance on {@code /admin}: named texts (the about and privacy
 * texts) and the rules, in their order. The rules are stored here only once an admin edited them
 * (the {@code rules} text marks it); before that they come from {@code rules.txt}.
 */
public final class InstanceTextStore {
  private static final String TEXTS = "SELECT name, value FROM instance_texts";
  private static final String PUT = "INSERT INTO instance_texts (name, value) VALUES ($1, $2)"
      + " ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now()";
  private static final String REMOVE = "DELETE FROM instance_texts WHERE name = $1";
  private static final String RULES = "SELECT id, text, hint FROM instance_rules ORDER BY position, id";
  private static final String RULES_STORED = "SELECT 1 FROM instance_texts WHERE name = 'rules'";
  // Copies the file's rules in once: a second admin doing the same meanwhile adds nothing. Each
  // keeps its line number as its id, so reports that cited it still do (next_id() ids are far
  // above any line number).
  private static final String ADOPT = "WITH marked AS (INSERT INTO instance_texts (name, value)"
      + " VALUES ('rules', 'stored') ON CONFLICT DO NOTHING RETURNING 1)"
      + " INSERT INTO instance_rules (id, position, text, hint)"
      + " SELECT n, n, t, h FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(t, h, n)"
      + " WHERE EXISTS (SELECT 1 FROM marked)";
  private static final String ADD_RULE = "INSERT INTO instance_rules (position, text, hint)"
      + " SELECT coalesce(max(position), 0) + 1, $1, $2 FROM instance_rules RETURNING id";
  private static final String EDIT_RULE = "UPDATE instance_rules SET text = $2, hint = $3,"
      + " updated_at = now() WHERE id = $1";
  private static final String DELETE_RULE = "DELETE FROM instance_rules WHERE id = $1";
  private static final String ORDER_RULES = "UPDATE instance_rules r SET position = n.position"
      + " FROM unnest($1::bigint[]) WITH ORDINALITY AS n(id, position) WHERE r.id = n.id";

  /** A rule as stored; {@code hint} is empty without one. */
  public record StoredRule(long id, String text, String hint) {}

  private final Pool pool;

  public InstanceTextStore(Pool pool) {
    this.pool = pool;
  }

  /** Every text an admin wrote, by name. */
  public Future<Map<String, String>> texts() {
    return pool.query(TEXTS).execute().map(rows -> {
      Map<String, String> texts = new HashMap<>();
      rows.forEach(row -> texts.put(row.getString("name"), row.getString("value")));
      return texts;
    });
  }

  public Future<Void> put(String name, String value) {
    return pool.preparedQuery(PUT).execute(Tuple.of(name, value)).mapEmpty();
  }

  public Future<Void> remove(String name) {
    return pool.preparedQuery(REMOVE).execute(Tuple.of(name)).mapEmpty();
  }

  /** Whether the rules live here (an admin edited them). */
  public Future<Boolean> rulesStored() {
    return pool.query(RULES_STORED).execute().map(rows -> rows.size() > 0);
  }

  public Future<List<StoredRule>> rules() {
    return pool.query(RULES).execute().map(rows -> {
      List<StoredRule> rules = new ArrayList<>();
      for (Row row : rows) {
        rules.add(new StoredRule(row.getLong("id"), row.getString("text"), row.getString("hint")));
      }
      return rules;
    });
  }

  /** Stores these rules (from the file) unless the rules are stored already. */
  public Future<Void> adoptRules(List<String> texts, List<String> hints) {
    return pool.preparedQuery(ADOPT)
        .execute(Tuple.of((Object) texts.toArray(String[]::new), (Object) hints.toArray(String[]::new))).mapEmpty();
  }

  public Future<Long> addRule(String text, String hint) {
    return pool.preparedQuery(ADD_RULE).execute(Tuple.of(text, hint))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Boolean> editRule(long id, String text, String hint) {
    return pool.preparedQuery(EDIT_RULE).execute(Tuple.of(id, text, hint)).map(rows -> rows.rowCount() > 0);
  }

  public Future<Boolean> deleteRule(long id) {
    return pool.preparedQuery(DELETE_RULE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  /** Puts the rules in this order. */
  public Future<Void> orderRules(List<Long> ids) {
    return pool.preparedQuery(ORDER_RULES).execute(Tuple.of(ids.toArray(Long[]::new))).mapEmpty();
  }
}

package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The servers this instance federates with in limited federation mode ({@code domain_allows}),
 * with the admin who added each.
 */
public final class DomainAllowStore {
  private static final String COLUMNS = "d.id, d.domain, d.created_at, d.added_by, a.username AS added_by_name";
  private static final String FROM = " FROM domain_allows d LEFT JOIN accounts a ON a.id = d.added_by";
  private static final String LIST = "SELECT " + COLUMNS + FROM + " ORDER BY d.id DESC";
  private static final String BY_ID = "SELECT " + COLUMNS + FROM + " WHERE d.id = $1";
  private static final String BY_DOMAIN = "SELECT " + COLUMNS + FROM + " WHERE d.domain = $1";
  private static final String DOMAINS = "SELECT domain FROM domain_allows";
  private static final String INSERT = "INSERT INTO domain_allows (domain, added_by) VALUES ($1, $2)"
      + " ON CONFLICT (domain) DO NOTHING RETURNING id";
  private static final String DELETE = "DELETE FROM domain_allows WHERE id = $1 RETURNING domain";

  /** One allowed server; {@code addedByName} is the admin's username, null when unknown. */
  public record DomainAllow(long id, String domain, OffsetDateTime createdAt, Long addedBy,
      String addedByName) {}

  private final Pool pool;

  public DomainAllowStore(Pool pool) {
    this.pool = pool;
  }

  /** Every allowed server, newest first. */
  public Future<List<DomainAllow>> list() {
    return pool.query(LIST).execute().map(rows -> {
      List<DomainAllow> allows = new ArrayList<>();
      rows.forEach(row -> allows.add(map(row)));
      return allows;
    });
  }

  /** Every allowed domain, read through {@code client} (for the in-memory copy). */
  public static Future<List<String>> domains(SqlClient client) {
    return client.query(DOMAINS).execute().map(rows -> {
      List<String> domains = new ArrayList<>(rows.size());
      rows.forEach(row -> domains.add(row.getString(0)));
      return domains;
    });
  }

  public Future<Optional<DomainAllow>> byId(long id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(DomainAllowStore::first);
  }

  public Future<Optional<DomainAllow>> byDomain(String domain) {
    return pool.preparedQuery(BY_DOMAIN).execute(Tuple.of(domain)).map(DomainAllowStore::first);
  }

  /** Allows a domain; the new row's id, empty when it was allowed already. */
  public Future<Optional<Long>> insert(String domain, Long addedBy) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(domain, addedBy)).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      return it.hasNext() ? Optional.of(it.next().getLong(0)) : Optional.empty();
    });
  }

  /** Removes an allowed server; the domain it named, empty when there was none with that id. */
  public Future<Optional<String>> delete(long id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      return it.hasNext() ? Optional.of(it.next().getString(0)) : Optional.empty();
    });
  }

  private static Optional<DomainAllow> first(RowSet<Row> rows) {
    RowIterator<Row> it = rows.iterator();
    return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
  }

  private static DomainAllow map(Row row) {
    return new DomainAllow(row.getLong("id"), row.getString("domain"), row.getOffsetDateTime("created_at"),
        row.getLong("added_by"), row.getString("added_by_name"));
  }
}

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
 * The domains this server blocks (the moderators' list). Changes run in the caller's
 * transaction, so that their effects on the accounts we hold commit with them.
 */
public final class InstanceDomainBlockStore {
  private static final String COLUMNS = "id, domain, severity, reject_media, reject_reports,"
      + " private_comment, public_comment, obfuscate, created_at";
  private static final String LIST = "SELECT " + COLUMNS + " FROM instance_domain_blocks ORDER BY id DESC";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM instance_domain_blocks WHERE id = $1";
  private static final String INSERT = "INSERT INTO instance_domain_blocks (domain, severity,"
      + " reject_media, reject_reports, private_comment, public_comment, obfuscate)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (domain) DO NOTHING RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE instance_domain_blocks SET severity = coalesce($2, severity),"
      + " reject_media = coalesce($3, reject_media), reject_reports = coalesce($4, reject_reports),"
      + " private_comment = coalesce($5, private_comment), public_comment = coalesce($6, public_comment),"
      + " obfuscate = coalesce($7, obfuscate) WHERE id = $1 RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM instance_domain_blocks WHERE id = $1 RETURNING domain";

  public record DomainBlock(long id, String domain, String severity, boolean rejectMedia,
      boolean rejectReports, String privateComment, String publicComment, boolean obfuscate,
      OffsetDateTime createdAt) {}

  /** A change to a block; null leaves that part as it is. */
  public record Change(String severity, Boolean rejectMedia, Boolean rejectReports,
      String privateComment, String publicComment, Boolean obfuscate) {}

  private final Pool pool;

  public InstanceDomainBlockStore(Pool pool) {
    this.pool = pool;
  }

  /** Every block, newest first. */
  public Future<List<DomainBlock>> list() {
    return pool.query(LIST).execute().map(rows -> {
      List<DomainBlock> blocks = new ArrayList<>();
      rows.forEach(row -> blocks.add(map(row)));
      return blocks;
    });
  }

  public Future<Optional<DomainBlock>> byId(long id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(InstanceDomainBlockStore::first);
  }

  /** Blocks a domain; empty when it is already blocked. */
  public Future<Optional<DomainBlock>> insert(SqlClient tx, String domain, String severity,
      boolean rejectMedia, boolean rejectReports, String privateComment, String publicComment,
      boolean obfuscate) {
    return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[] {domain, severity, rejectMedia,
        rejectReports, privateComment, publicComment, obfuscate})).map(InstanceDomainBlockStore::first);
  }

  /** Changes a block; empty when there is none with that id. */
  public Future<Optional<DomainBlock>> update(SqlClient tx, long id, Change change) {
    return tx.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {id, change.severity(),
        change.rejectMedia(), change.rejectReports(), change.privateComment(), change.publicComment(),
        change.obfuscate()})).map(InstanceDomainBlockStore::first);
  }

  /** Lifts a block; answers the domain it blocked, empty when there was none with that id. */
  public Future<Optional<String>> delete(SqlClient tx, long id) {
    return tx.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      return it.hasNext() ? Optional.of(it.next().getString("domain")) : Optional.empty();
    });
  }

  private static Optional<DomainBlock> first(RowSet<Row> rows) {
    RowIterator<Row> it = rows.iterator();
    return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
  }

  private static DomainBlock map(Row row) {
    return new DomainBlock(row.getLong("id"), row.getString("domain"), row.getString("severity"),
        row.getBoolean("reject_media"), row.getBoolean("reject_reports"), row.getString("private_comment"),
        row.getString("public_comment"), row.getBoolean("obfuscate"), row.getOffsetDateTime("created_at"));
  }
}

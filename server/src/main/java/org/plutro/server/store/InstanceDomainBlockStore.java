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
  private static final String IN_FORCE = "SELECT " + COLUMNS + " FROM instance_domain_blocks";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM instance_domain_blocks WHERE id = $1";
  private static final String INSERT = "INSERT INTO instance_domain_blocks (domain, severity,"
      + " reject_media, reject_reports, private_comment, public_comment, obfuscate)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (domain) DO NOTHING RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE instance_domain_blocks SET severity = coalesce($2, severity),"
      + " reject_media = coalesce($3, reject_media), reject_reports = coalesce($4, reject_reports),"
      + " private_comment = coalesce($5, private_comment), public_comment = coalesce($6, public_comment),"
      + " obfuscate = coalesce($7, obfuscate) WHERE id = $1 RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM instance_domain_blocks WHERE id = $1 RETURNING domain";

  // What a block does to the accounts we hold (see DomainBlockEffects): $1 is the blocked domain.
  private static final String COVERED = " domain IS NOT NULL AND domain_covers($1, domain)";
  private static final String SILENCE = "UPDATE accounts SET silenced_at = now(), silenced_by_domain = true"
      + " WHERE" + COVERED + " AND silenced_at IS NULL AND domain_silenced(domain)";
  private static final String UNSILENCE = "UPDATE accounts SET silenced_at = NULL, silenced_by_domain = false"
      + " WHERE silenced_by_domain AND" + COVERED + " AND NOT domain_silenced(domain)";
  // As Mastodon's ClearDomainMediaService: what we linked of the domain's media is unlinked. The
  // images come back when a profile is next fetched after the block is lifted; attachments do not.
  private static final String DROP_IMAGES = "UPDATE accounts SET avatar_url = NULL, header_url = NULL"
      + " WHERE" + COVERED + " AND (avatar_url IS NOT NULL OR header_url IS NOT NULL)";
  private static final String DROP_ATTACHMENTS = "DELETE FROM media_attachments m USING accounts a"
      + " WHERE m.account_id = a.id AND a.domain IS NOT NULL AND domain_covers($1, a.domain)";
  // A suspension ends the follows both ways between the domain's accounts and ours.
  private static final String END_FOLLOWS = "DELETE FROM follows f USING accounts a"
      + " WHERE (a.id = f.account_id OR a.id = f.target_account_id)"
      + " AND a.domain IS NOT NULL AND domain_covers($1, a.domain)";

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

  /** Every block, in no particular order, read through {@code client} (for the in-memory copy). */
  public static Future<List<DomainBlock>> inForce(SqlClient client) {
    return client.query(IN_FORCE).execute().map(rows -> {
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

  /** Silences the domain's accounts that the blocks in force silence and that are not silenced yet. */
  public static Future<Void> silenceCovered(SqlClient tx, String domain) {
    return tx.preparedQuery(SILENCE).execute(Tuple.of(domain)).mapEmpty();
  }

  /** Ends the domain's silences made by a block that no block in force silences any more. */
  public static Future<Void> unsilenceUncovered(SqlClient tx, String domain) {
    return tx.preparedQuery(UNSILENCE).execute(Tuple.of(domain)).mapEmpty();
  }

  /** Unlinks the domain's accounts' avatars and headers, and deletes their attachments' records. */
  public static Future<Void> dropMedia(SqlClient tx, String domain) {
    Tuple args = Tuple.of(domain);
    return tx.preparedQuery(DROP_IMAGES).execute(args)
        .compose(dropped -> tx.preparedQuery(DROP_ATTACHMENTS).execute(args)).mapEmpty();
  }

  /** Ends the follows, both ways, between the domain's accounts and ours. */
  public static Future<Void> endFollows(SqlClient tx, String domain) {
    return tx.preparedQuery(END_FOLLOWS).execute(Tuple.of(domain)).mapEmpty();
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

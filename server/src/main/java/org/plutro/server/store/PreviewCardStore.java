package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.plutro.server.domain.PreviewCard;

/**
 * The {@code preview_cards} table (one card per URL) and {@code status_cards} (which card a post
 * shows). Cards are read as one JSON value each, so that a status's page query can carry its card
 * ({@link #CARD_OF_STATUS}) and every reader maps it the same way ({@link #fromJson}).
 */
public final class PreviewCardStore {
  /** The card of the status {@code s}, as JSON, or null; for other stores' queries. */
  public static final String CARD_OF_STATUS = "(SELECT to_jsonb(c) FROM status_cards sc"
      + " JOIN preview_cards c ON c.id = sc.card_id WHERE sc.status_id = s.id)";

  private static final String OF_STATUS = "SELECT " + CARD_OF_STATUS + " FROM statuses s WHERE s.id = $1";
  private static final String BY_URL = "SELECT to_jsonb(c) FROM preview_cards c WHERE c.url = $1";
  // The card written (fresh, or over the old one of its URL) and shown on the status, in one
  // statement; its picture's BlurHash, when the page gave none, is our copy's if we hold one.
  private static final String SAVE_AND_ATTACH = "WITH card AS (INSERT INTO preview_cards (url, type,"
      + " title, description, author_name, author_url, provider_name, provider_url, html, image_url,"
      + " width, height, embed_url, language, published_at, blurhash, fetched_at)"
      + " VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
      + " coalesce($17, (SELECT r.blurhash FROM remote_media r WHERE r.url = $11)), now())"
      + " ON CONFLICT (url) DO UPDATE SET type = EXCLUDED.type, title = EXCLUDED.title,"
      + " description = EXCLUDED.description, author_name = EXCLUDED.author_name,"
      + " author_url = EXCLUDED.author_url, provider_name = EXCLUDED.provider_name,"
      + " provider_url = EXCLUDED.provider_url, html = EXCLUDED.html, image_url = EXCLUDED.image_url,"
      + " width = EXCLUDED.width, height = EXCLUDED.height, embed_url = EXCLUDED.embed_url,"
      + " language = EXCLUDED.language, published_at = EXCLUDED.published_at,"
      + " blurhash = EXCLUDED.blurhash, fetched_at = now() RETURNING id)"
      + attachTo("(SELECT id FROM card)");
  private static final String ATTACH = attachTo("(SELECT id FROM preview_cards WHERE url = $2)");
  private static final String DETACH = "DELETE FROM status_cards WHERE status_id = $1";

  private final SqlClient client;

  public PreviewCardStore(SqlClient client) {
    this.client = client;
  }

  // A status shows one card; a post gone meanwhile (deleted) gets none.
  private static String attachTo(String cardId) {
    return " INSERT INTO status_cards (status_id, card_id) SELECT s.id, " + cardId
        + " FROM statuses s WHERE s.id = $1 AND " + cardId + " IS NOT NULL"
        + " ON CONFLICT (status_id) DO UPDATE SET card_id = EXCLUDED.card_id"
        + " WHERE status_cards.card_id <> EXCLUDED.card_id";
  }

  /** The card the status shows, if any. */
  public Future<Optional<PreviewCard>> ofStatus(long statusId) {
    return client.preparedQuery(OF_STATUS).execute(Tuple.of(statusId)).map(PreviewCardStore::first);
  }

  /** The card kept for {@code url}, however old. */
  public Future<Optional<PreviewCard>> byUrl(String url) {
    return client.preparedQuery(BY_URL).execute(Tuple.of(url)).map(PreviewCardStore::first);
  }

  /**
   * Keeps {@code card} (replacing the one of its URL) and shows it on the status; its picture is
   * queued to be copied (which gives the card its BlurHash, see RemoteMediaCache).
   */
  public Future<Void> saveAndAttach(long statusId, PreviewCard card) {
    Tuple args = Tuple.tuple().addLong(statusId).addString(card.url()).addString(card.type())
        .addString(card.title()).addString(card.description()).addString(card.authorName())
        .addString(card.authorUrl()).addString(card.providerName()).addString(card.providerUrl())
        .addString(card.html()).addString(card.imageUrl()).addInteger(card.width())
        .addInteger(card.height()).addString(card.embedUrl()).addString(card.language())
        .addOffsetDateTime(card.publishedAt()).addString(card.blurhash());
    Future<Void> saved = client.preparedQuery(SAVE_AND_ATTACH).execute(args).mapEmpty();
    return card.imageUrl() == null ? saved : saved.compose(done -> RemoteMediaStore.queueFetches(client,
        java.util.List.of(new RemoteMediaStore.Wanted(card.imageUrl(), "card", null))));
  }

  /** Shows the card kept for {@code url} on the status. */
  public Future<Void> attach(long statusId, String url) {
    return client.preparedQuery(ATTACH).execute(Tuple.of(statusId, url)).mapEmpty();
  }

  /** The status shows no card any more (its link went, or leads nowhere now). */
  public Future<Void> detach(long statusId) {
    return client.preparedQuery(DETACH).execute(Tuple.of(statusId)).mapEmpty();
  }

  private static Optional<PreviewCard> first(RowSet<Row> rows) {
    for (Row row : rows) {
      return Optional.ofNullable(row.getValue(0) instanceof JsonObject json ? fromJson(json) : null);
    }
    return Optional.empty();
  }

  /** A card from its row as {@code to_jsonb} writes it. */
  public static PreviewCard fromJson(JsonObject c) {
    return new PreviewCard(c.getString("url"), c.getString("type"), c.getString("title", ""),
        c.getString("description", ""), c.getString("author_name", ""), c.getString("author_url", ""),
        c.getString("provider_name", ""), c.getString("provider_url", ""), c.getString("html", ""),
        c.getString("image_url"), c.getInteger("width", 0), c.getInteger("height", 0),
        c.getString("embed_url", ""), c.getString("language"), time(c.getString("published_at")),
        c.getString("blurhash"), time(c.getString("fetched_at")));
  }

  private static OffsetDateTime time(String value) {
    return value == null ? null : OffsetDateTime.parse(value);
  }
}

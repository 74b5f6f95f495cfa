package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private static final String BY_URLS = "SELECT to_jsonb(c) FROM preview_cards c WHERE c.url = ANY($1)";
  // The card written (fresh, or over the old one of its URL) and shown on the status, in one
  // statement.
  private static final String SAVE_AND_ATTACH = "WITH card AS (" + upsert(2) + " RETURNING id)"
      + attachTo("(SELECT id FROM card)");
  private static final String SAVE = upsert(1);
  // New posts (by id) show the cards of their links (by URL); one deleted or edited since is left
  // alone (its edit looks at its links again).
  private static final String ATTACH_NEW = "INSERT INTO status_cards (status_id, card_id)"
      + " SELECT s.id, c.id FROM unnest($1::int8[], $2::text[]) AS t (status_id, url)"
      + " JOIN preview_cards c ON c.url = t.url JOIN statuses s ON s.id = t.status_id"
      + " AND s.deleted_at IS NULL AND s.edited_at IS NULL ON CONFLICT (status_id) DO NOTHING";
  private static final String ATTACH = attachTo("(SELECT id FROM preview_cards WHERE url = $2)");
  private static final String DETACH = "DELETE FROM status_cards WHERE status_id = $1";

  private final Pool pool;
  private final SqlClient client;

  public PreviewCardStore(Pool pool, SqlClient client) {
    this.pool = pool;
    this.client = client;
  }

  /**
   * The card written, fresh or over the old one of its URL, its parameters numbered from {@code
   * first} on (see {@link #cardArgs}); its picture's BlurHash, when the page gave none, is our
   * copy's if we hold one.
   */
  private static String upsert(int first) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 15; i++) {
      values.append('$').append(first + i).append(", ");
    }
    return "INSERT INTO preview_cards (url, type, title, description, author_name, author_url,"
        + " provider_name, provider_url, html, image_url, width, height, embed_url, language,"
        + " published_at, blurhash, fetched_at) VALUES (" + values + "coalesce($" + (first + 15)
        + ", (SELECT r.blurhash FROM remote_media r WHERE r.url = $" + (first + 9) + ")), now())"
        + " ON CONFLICT (url) DO UPDATE SET type = EXCLUDED.type, title = EXCLUDED.title,"
        + " description = EXCLUDED.description, author_name = EXCLUDED.author_name,"
        + " author_url = EXCLUDED.author_url, provider_name = EXCLUDED.provider_name,"
        + " provider_url = EXCLUDED.provider_url, html = EXCLUDED.html, image_url = EXCLUDED.image_url,"
        + " width = EXCLUDED.width, height = EXCLUDED.height, embed_url = EXCLUDED.embed_url,"
        + " language = EXCLUDED.language, published_at = EXCLUDED.published_at,"
        + " blurhash = EXCLUDED.blurhash, fetched_at = now()";
  }

  /** The card's columns, in the order {@link #upsert} numbers them, after {@code args}. */
  private static Tuple cardArgs(Tuple args, PreviewCard card) {
    return args.addString(card.url()).addString(card.type())
        .addString(card.title()).addString(card.description()).addString(card.authorName())
        .addString(card.authorUrl()).addString(card.providerName()).addString(card.providerUrl())
        .addString(card.html()).addString(card.imageUrl()).addInteger(card.width())
        .addInteger(card.height()).addString(card.embedUrl()).addString(card.language())
        .addOffsetDateTime(card.publishedAt()).addString(card.blurhash());
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
    Tuple args = cardArgs(Tuple.tuple().addLong(statusId), card);
    Future<Void> saved = client.preparedQuery(SAVE_AND_ATTACH).execute(args).mapEmpty();
    return saved.compose(done -> RemoteMediaStore.queueFetches(client, pictures(List.of(card))));
  }

  /** The cards kept for these URLs, however old, by URL. */
  public Future<Map<String, PreviewCard>> byUrls(Collection<String> urls) {
    Tuple args = Tuple.tuple().addArrayOfString(urls.toArray(String[]::new));
    return client.preparedQuery(BY_URLS).execute(args).map(rows -> {
      Map<String, PreviewCard> cards = new HashMap<>();
      rows.forEach(row -> {
        PreviewCard card = fromJson((JsonObject) row.getValue(0));
        cards.put(card.url(), card);
      });
      return cards;
    });
  }

  /**
   * Keeps the cards {@code fetched} (replacing those of their URLs), and shows the card of each
   * URL on its new posts ({@code postsByUrl}), in one transaction; the pictures are queued to be
   * copied (which gives the cards their BlurHash, see RemoteMediaCache).
   */
  public Future<Void> saveAndAttachNew(List<PreviewCard> fetched, Map<String, List<Long>> postsByUrl) {
    List<Long> ids = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    postsByUrl.forEach((url, posts) -> posts.forEach(id -> {
      ids.add(id);
      urls.add(url);
    }));
    List<Tuple> saved = new ArrayList<>();
    fetched.forEach(card -> saved.add(cardArgs(Tuple.tuple(), card)));
    return pool.withTransaction(tx -> (saved.isEmpty() ? Future.<Void>succeededFuture()
            : tx.preparedQuery(SAVE).executeBatch(saved).<Void>mapEmpty())
        .compose(done -> RemoteMediaStore.queueFetches(tx, pictures(fetched)))
        .compose(done -> tx.preparedQuery(ATTACH_NEW)
            .execute(Tuple.tuple().addArrayOfLong(ids.toArray(Long[]::new))
                .addArrayOfString(urls.toArray(String[]::new))))
        .<Void>mapEmpty());
  }

  private static List<RemoteMediaStore.Wanted> pictures(List<PreviewCard> cards) {
    List<RemoteMediaStore.Wanted> pictures = new ArrayList<>();
    cards.stream().filter(card -> card.imageUrl() != null)
        .forEach(card -> pictures.add(new RemoteMediaStore.Wanted(card.imageUrl(), "card", null)));
    return pictures;
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

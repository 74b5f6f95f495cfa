package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.mapper.ActorDocument;
import org.plutro.server.federation.mapper.NoteDocument;
import org.plutro.server.service.ServiceException;

/**
 * Taking one's data along (policy: the member owns it): Mastodon's CSV exports of follows, blocks,
 * mutes, domain blocks, bookmarks and lists, and an archive as Mastodon makes it: the actor and
 * every post they wrote as ActivityPub ({@code actor.json}, {@code outbox.json}), what they liked
 * and bookmarked ({@code likes.json}, {@code bookmarks.json}) and their posts' media files.
 */
public final class ExportRoutes {
  // The account address as Mastodon writes it: user@host, our own members with our host.
  private static final String ADDRESS = "a.username || '@' || coalesce(a.domain, $2)";
  private static final String FOLLOWING = "SELECT " + ADDRESS + " FROM follows f JOIN accounts a"
      + " ON a.id = f.target_account_id WHERE f.account_id = $1 AND f.state = 'accepted' ORDER BY f.id";
  private static final String FOLLOWERS = "SELECT " + ADDRESS + " FROM follows f JOIN accounts a"
      + " ON a.id = f.account_id WHERE f.target_account_id = $1 AND f.state = 'accepted' ORDER BY f.id";
  private static final String BLOCKS = "SELECT " + ADDRESS + " FROM blocks b JOIN accounts a"
      + " ON a.id = b.target_account_id WHERE b.account_id = $1 ORDER BY b.id";
  private static final String MUTES = "SELECT " + ADDRESS + ", m.hide_notifications FROM mutes m"
      + " JOIN accounts a ON a.id = m.target_account_id WHERE m.account_id = $1 ORDER BY m.id";
  private static final String DOMAIN_BLOCKS = "SELECT domain FROM account_domain_blocks"
      + " WHERE account_id = $1 ORDER BY id";
  private static final String BOOKMARKS = "SELECT s.uri FROM bookmarks b JOIN statuses s"
      + " ON s.id = b.status_id WHERE b.account_id = $1 AND s.deleted_at IS NULL ORDER BY b.id";
  private static final String LISTS = "SELECT l.title, " + ADDRESS + " FROM lists l"
      + " JOIN list_accounts la ON la.list_id = l.id JOIN accounts a ON a.id = la.account_id"
      + " WHERE l.account_id = $1 ORDER BY l.id, la.id";
  private static final String OWN_POSTS = "SELECT id FROM statuses WHERE account_id = $1"
      + " AND deleted_at IS NULL AND reblog_of_id IS NULL ORDER BY id";
  private static final String LIKED = "SELECT s.uri FROM favourites f JOIN statuses s ON s.id = f.status_id"
      + " WHERE f.account_id = $1 AND s.deleted_at IS NULL ORDER BY f.id";
  private static final String BOOKMARKED = "SELECT s.uri FROM bookmarks b JOIN statuses s"
      + " ON s.id = b.status_id WHERE b.account_id = $1 AND s.deleted_at IS NULL ORDER BY b.id";
  private static final String OWN_MEDIA = "SELECT file_name FROM media_attachments WHERE account_id = $1"
      + " AND file_name IS NOT NULL AND status_id IS NOT NULL ORDER BY id";

  private final AppContext app;

  public ExportRoutes(AppContext app) {
    this.app = app;
  }

  public void mount(Router router) {
    String base = "/api/v1/plutro/export/";
    router.get(base + "following.csv").handler(ctx -> csv(ctx, FOLLOWING,
        "Account address,Show boosts,Notify on new posts,Languages", row -> row.getString(0) + ",true,false,"));
    router.get(base + "followers.csv").handler(ctx -> csv(ctx, FOLLOWERS, null, row -> row.getString(0)));
    router.get(base + "blocks.csv").handler(ctx -> csv(ctx, BLOCKS, null, row -> row.getString(0)));
    router.get(base + "mutes.csv").handler(ctx -> csv(ctx, MUTES, "Account address,Hide notifications",
        row -> row.getString(0) + "," + row.getBoolean(1)));
    router.get(base + "domain_blocks.csv").handler(ctx -> csv(ctx, DOMAIN_BLOCKS, null, row -> row.getString(0)));
    router.get(base + "bookmarks.csv").handler(ctx -> csv(ctx, BOOKMARKS, null, row -> row.getString(0)));
    router.get(base + "lists.csv").handler(ctx -> csv(ctx, LISTS, null,
        row -> quote(row.getString(0)) + "," + row.getString(1)));
    router.get(base + "archive.zip").handler(this::archive);
  }

  private void csv(RoutingContext ctx, String sql, String header,
      java.util.function.Function<Row, String> line) {
    app.auth().member(ctx, "read:accounts")
        .compose(caller -> app.pool().preparedQuery(sql).execute(sql.contains("$2")
            ? Tuple.of(caller.member().id(), app.uris().authority()) : Tuple.of(caller.member().id())))
        .onSuccess(rows -> {
          StringBuilder body = new StringBuilder();
          if (header != null) {
            body.append(header).append('\n');
          }
          rows.forEach(row -> body.append(line.apply(row)).append('\n'));
          ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\""
                  + ctx.request().path().substring(ctx.request().path().lastIndexOf('/') + 1) + "\"")
              .end(body.toString());
        })
        .onFailure(ctx::fail);
  }

  private static String quote(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  /** actor.json and outbox.json (every post the member wrote, as Create activities), zipped. */
  private void archive(RoutingContext ctx) {
    app.auth().member(ctx, "read:accounts").compose(caller -> {
      Account member = caller.member();
      return app.accounts().keys(member.id()).compose(keys -> app.moves().decorate(
              ActorDocument.of(member, keys.orElseThrow(), app.uris()), member.id()))
          .compose(actor -> app.pool().preparedQuery(OWN_POSTS).execute(Tuple.of(member.id()))
              .compose(rows -> {
                List<Future<JsonObject>> creates = new ArrayList<>();
                for (Row row : rows) {
                  creates.add(app.statuses().byId(row.getLong(0)).compose(found -> {
                    Status status = found.orElseThrow();
                    return app.statusService().note(status, member)
                        .map(note -> NoteDocument.create(status, member, note));
                  }));
                }
                return Future.all(creates).compose(done -> collections(member.id())).compose(lists -> {
                  JsonArray items = new JsonArray();
                  creates.forEach(create -> {
                    JsonObject item = create.result();
                    item.remove("@context");
                    items.add(item);
                  });
                  JsonObject outbox = collection("outbox.json", items);
                  return app.vertx().executeBlocking(() -> zip(actor, outbox,
                      collection("likes.json", lists.get(0)), collection("bookmarks.json", lists.get(1)),
                      lists.get(2)));
                });
              }));
    }).onSuccess(zip -> ctx.response().putHeader("Content-Type", "application/zip")
            .putHeader("Content-Disposition", "attachment; filename=\"archive.zip\"")
            .sendFile(zip.toString())
            .onComplete(sent -> app.vertx().fileSystem().delete(zip.toString())))
        .onFailure(ctx::fail);
  }

  /** Liked post URIs, bookmarked post URIs, and the member's posts' media file names. */
  private Future<List<JsonArray>> collections(long accountId) {
    List<Future<JsonArray>> loads = new ArrayList<>();
    for (String sql : new String[] {LIKED, BOOKMARKED, OWN_MEDIA}) {
      loads.add(app.pool().preparedQuery(sql).execute(Tuple.of(accountId)).map(rows -> {
        JsonArray values = new JsonArray();
        rows.forEach(row -> values.add(row.getString(0)));
        return values;
      }));
    }
    return Future.all(loads).map(done -> List.of(loads.get(0).result(), loads.get(1).result(),
        loads.get(2).result()));
  }

  private static JsonObject collection(String id, JsonArray items) {
    return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id)
        .put("type", "OrderedCollection").put("totalItems", items.size()).put("orderedItems", items);
  }

  /** The archive, written to a temporary file (media can be large: it is streamed, not held). */
  private java.nio.file.Path zip(JsonObject actor, JsonObject outbox, JsonObject likes,
      JsonObject bookmarks, JsonArray mediaFiles) {
    java.nio.file.Path file;
    try {
      file = java.nio.file.Files.createTempFile(app.mediaProcessing().files().uploads(), "archive", ".zip");
    } catch (IOException e) {
      throw new ServiceException(500, "The archive could not be made");
    }
    try (ZipOutputStream zip = new ZipOutputStream(java.nio.file.Files.newOutputStream(file))) {
      for (JsonObject document : new JsonObject[] {actor, outbox, likes, bookmarks}) {
        String name = document == actor ? "actor.json" : document.getString("id");
        zip.putNextEntry(new ZipEntry(name));
        zip.write(document.encodePrettily().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      for (Object name : mediaFiles) {
        java.nio.file.Path path = app.mediaProcessing().files().original((String) name);
        if (java.nio.file.Files.exists(path)) {
          zip.putNextEntry(new ZipEntry("media/" + name));
          java.nio.file.Files.copy(path, zip);
          zip.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new ServiceException(500, "The archive could not be made");
    }
    return file;
  }
}

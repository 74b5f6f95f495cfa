package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import io.vertx.core.Vertx;
import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.MoveStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.service.StatusService;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.uri.Uris;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.mapper.ActorDocument;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.federation.vocab.Actor;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.ExportStore;

/**
 * Taking one's data along (policy: the member owns it): Mastodon's CSV exports of follows, blocks,
 * mutes, domain blocks, bookmarks and lists, and an archive as Mastodon makes it: the actor and
 * every post they wrote as ActivityPub ({@code actor.json}, {@code outbox.json}), what they liked
 * and bookmarked ({@code likes.json}, {@code bookmarks.json}) and their posts' media files.
 */
public final class ExportRoutes {
  private final Vertx vertx;
  private final Auth auth;
  private final ExportStore exports;
  private final AccountStore accounts;
  private final MoveStore moves;
  private final StatusStore statuses;
  private final StatusService statusService;
  private final MediaFiles files;
  private final Uris uris;

  public ExportRoutes(Vertx vertx, Auth auth, ExportStore exports, AccountStore accounts, MoveStore moves,
      StatusStore statuses, StatusService statusService, MediaFiles files, Uris uris) {
    this.vertx = vertx;
    this.auth = auth;
    this.exports = exports;
    this.accounts = accounts;
    this.moves = moves;
    this.statuses = statuses;
    this.statusService = statusService;
    this.files = files;
    this.uris = uris;
  }

  public void mount(Router router) {
    String base = "/api/v1/plutro/export/";
    router.get(base + "following.csv").handler(ctx -> csv(ctx,
        "Account address,Show boosts,Notify on new posts,Languages",
        member -> exports.following(member, host()).map(lines(address -> address + ",true,false,"))));
    router.get(base + "followers.csv").handler(ctx -> csv(ctx, null, member -> exports.followers(member, host())));
    router.get(base + "blocks.csv").handler(ctx -> csv(ctx, null, member -> exports.blocks(member, host())));
    router.get(base + "mutes.csv").handler(ctx -> csv(ctx, "Account address,Hide notifications",
        member -> exports.mutes(member, host())
            .map(lines(mute -> mute.address() + "," + mute.hideNotifications()))));
    router.get(base + "domain_blocks.csv").handler(ctx -> csv(ctx, null, exports::domainBlocks));
    router.get(base + "bookmarks.csv").handler(ctx -> csv(ctx, null, exports::bookmarkedUris));
    router.get(base + "lists.csv").handler(ctx -> csv(ctx, null, member -> exports.listMembers(member, host())
        .map(lines(entry -> quote(entry.listTitle()) + "," + entry.address()))));
    router.get(base + "archive.zip").handler(this::archive);
  }

  private String host() {
    return uris.authority();
  }

  private static <T> Function<List<T>, List<String>> lines(Function<T, String> line) {
    return values -> values.stream().map(line).toList();
  }

  /** A CSV file of the caller's {@code lines} (one per line), after an optional header. */
  private void csv(RoutingContext ctx, String header, Function<Long, Future<List<String>>> lines) {
    auth.member(ctx, "read:accounts")
        .compose(caller -> lines.apply(caller.member().id()))
        .onSuccess(values -> {
          StringBuilder body = new StringBuilder();
          if (header != null) {
            body.append(header).append('\n');
          }
          values.forEach(value -> body.append(value).append('\n'));
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
    auth.member(ctx, "read:accounts").compose(caller -> archive(caller.member()))
        .onSuccess(zip -> ctx.response().putHeader("Content-Type", "application/zip")
            .putHeader("Content-Disposition", "attachment; filename=\"archive.zip\"")
            .sendFile(zip.toString())
            .onComplete(sent -> vertx.fileSystem().delete(zip.toString())))
        .onFailure(ctx::fail);
  }

  /** The actor, then the outbox, then what was liked, bookmarked and uploaded; then the zip. */
  private Future<java.nio.file.Path> archive(Account member) {
    return actor(member)
        .compose(actor -> outbox(member).map(outbox -> new Documents(actor, outbox)))
        .compose(documents -> collections(member.id()).compose(lists -> zipAside(documents, lists)));
  }

  /** The member's actor document, as peers read it (with its move, if any). */
  private Future<JsonObject> actor(Account member) {
    return ActorDocument.load(accounts, moves, member, uris).map(Actor::toJson);
  }

  /** Every post the member wrote, as Create activities (all read at once), in one collection. */
  private Future<JsonObject> outbox(Account member) {
    return exports.ownPostIds(member.id()).compose(ids -> {
      List<Future<JsonObject>> creates = new ArrayList<>();
      for (long id : ids) {
        creates.add(create(member, id));
      }
      return Future.all(creates).map(done -> {
        JsonArray items = new JsonArray();
        creates.forEach(create -> {
          JsonObject item = create.result();
          item.remove("@context");
          items.add(item);
        });
        return collection("outbox.json", items);
      });
    });
  }

  /** One of the member's posts as its Create activity. */
  private Future<JsonObject> create(Account member, long id) {
    return statuses.byId(id).compose(found -> {
      Status status = found.orElseThrow();
      return statusService.note(status, member).map(note -> Activities.create(status, member, note).toJson());
    });
  }

  /** The archive written on a worker thread: zipping blocks. */
  private Future<java.nio.file.Path> zipAside(Documents documents, List<JsonArray> lists) {
    return vertx.executeBlocking(() -> zip(documents.actor(), documents.outbox(),
        collection("likes.json", lists.get(0)), collection("bookmarks.json", lists.get(1)),
        lists.get(2)));
  }

  /** Liked post URIs, bookmarked post URIs, and the member's posts' media file names. */
  private Future<List<JsonArray>> collections(long accountId) {
    List<Future<JsonArray>> loads = new ArrayList<>();
    for (Future<List<String>> load : List.of(exports.likedUris(accountId), exports.bookmarkedUris(accountId),
        exports.ownMediaFiles(accountId))) {
      loads.add(load.map(values -> new JsonArray(new ArrayList<>(values))));
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
      file = java.nio.file.Files.createTempFile(files.uploads(), "archive", ".zip");
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
        java.nio.file.Path path = files.original((String) name);
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

  /** The archive's two ActivityPub documents, read before the rest. */
  private record Documents(JsonObject actor, JsonObject outbox) {}
}

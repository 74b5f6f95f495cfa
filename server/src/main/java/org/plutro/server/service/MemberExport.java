package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.User;
import org.plutro.server.federation.mapper.ActorDocument;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.federation.vocab.Actor;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.ExportStore;
import org.plutro.server.store.MoveStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.text.Timestamps;
import org.plutro.server.uri.Uris;

/**
 * Taking one's data along (policy 6.2): Mastodon's CSV exports of follows, followers, lists,
 * blocks, mutes, domain blocks and bookmarks, and an archive as Mastodon makes it: the actor and
 * every post they wrote as ActivityPub ({@code actor.json}, {@code outbox.json}), what they liked
 * and bookmarked ({@code likes.json}, {@code bookmarks.json}) and their posts' media files; and,
 * Plutro's own, what they gave us to sign up ({@code account.json}: their address, language and,
 * where sign-ups waited for approval, the reason they wrote). The API's downloads and the
 * settings page's are both made here.
 */
public final class MemberExport {
  /** The CSV files, by the name they are downloaded under. */
  public enum Csv {
    FOLLOWING("following.csv"), FOLLOWERS("followers.csv"), LISTS("lists.csv"), BLOCKS("blocks.csv"),
    MUTES("mutes.csv"), DOMAIN_BLOCKS("domain_blocks.csv"), BOOKMARKS("bookmarks.csv");

    private final String fileName;

    Csv(String fileName) {
      this.fileName = fileName;
    }

    public String fileName() {
      return fileName;
    }

    public static Optional<Csv> named(String fileName) {
      for (Csv csv : values()) {
        if (csv.fileName.equals(fileName)) {
          return Optional.of(csv);
        }
      }
      return Optional.empty();
    }
  }

  private final Vertx vertx;
  private final ExportStore exports;
  private final AccountStore accounts;
  private final UserStore users;
  private final MoveStore moves;
  private final StatusStore statuses;
  private final StatusService statusService;
  private final MediaFiles files;
  private final Uris uris;

  public MemberExport(Vertx vertx, ExportStore exports, AccountStore accounts, UserStore users,
      MoveStore moves, StatusStore statuses, StatusService statusService, MediaFiles files, Uris uris) {
    this.vertx = vertx;
    this.exports = exports;
    this.accounts = accounts;
    this.users = users;
    this.moves = moves;
    this.statuses = statuses;
    this.statusService = statusService;
    this.files = files;
    this.uris = uris;
  }

  /** The member's {@code file}, as Mastodon writes it (a header line where Mastodon has one). */
  public Future<String> csv(Csv file, long memberId) {
    String host = uris.authority();
    return switch (file) {
      case FOLLOWING -> text("Account address,Show boosts,Notify on new posts,Languages",
          exports.following(memberId, host).map(lines(address -> address + ",true,false,")));
      case FOLLOWERS -> text(null, exports.followers(memberId, host));
      case LISTS -> text(null, exports.listMembers(memberId, host)
          .map(lines(entry -> quote(entry.listTitle()) + "," + entry.address())));
      case BLOCKS -> text(null, exports.blocks(memberId, host));
      case MUTES -> text("Account address,Hide notifications", exports.mutes(memberId, host)
          .map(lines(mute -> mute.address() + "," + mute.hideNotifications())));
      case DOMAIN_BLOCKS -> text(null, exports.domainBlocks(memberId));
      case BOOKMARKS -> text(null, exports.bookmarkedUris(memberId));
    };
  }

  private static Future<String> text(String header, Future<List<String>> lines) {
    return lines.map(values -> {
      StringBuilder body = new StringBuilder();
      if (header != null) {
        body.append(header).append('\n');
      }
      values.forEach(value -> body.append(value).append('\n'));
      return body.toString();
    });
  }

  private static <T> Function<List<T>, List<String>> lines(Function<T, String> line) {
    return values -> values.stream().map(line).toList();
  }

  private static String quote(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  /**
   * The member's archive, written to a temporary file (media can be large: it is streamed, not
   * held). The caller sends it and deletes it.
   */
  public Future<Path> archive(Account member) {
    return actor(member)
        .compose(actor -> outbox(member).compose(outbox -> account(member)
            .map(account -> new Documents(actor, outbox, account))))
        .compose(documents -> collections(member.id()).compose(lists -> zipAside(documents, lists)));
  }

  /** What the member gave us to sign up, and when; their password only as a hash, so not at all. */
  private Future<JsonObject> account(Account member) {
    return users.byAccountId(member.id()).map(found -> {
      User user = found.orElseThrow();
      return new JsonObject().put("id", "account.json").put("username", member.username())
          .put("email", user.email()).put("locale", user.locale())
          .put("created_at", Timestamps.iso(user.createdAt()))
          .put("confirmed_at", user.confirmedAt() == null ? null : Timestamps.iso(user.confirmedAt()))
          .put("sign_up_reason", user.signUpReason());
    });
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
  private Future<Path> zipAside(Documents documents, List<JsonArray> lists) {
    return vertx.executeBlocking(() -> zip(documents.actor(), documents.outbox(),
        collection("likes.json", lists.get(0)), collection("bookmarks.json", lists.get(1)),
        documents.account(), lists.get(2)));
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

  private Path zip(JsonObject actor, JsonObject outbox, JsonObject likes, JsonObject bookmarks,
      JsonObject account, JsonArray mediaFiles) {
    Path file;
    try {
      file = Files.createTempFile(files.uploads(), "archive", ".zip");
    } catch (IOException e) {
      throw new ServiceException(500, "The archive could not be made");
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (JsonObject document : new JsonObject[] {actor, outbox, likes, bookmarks, account}) {
        String name = document == actor ? "actor.json" : document.getString("id");
        zip.putNextEntry(new ZipEntry(name));
        zip.write(document.encodePrettily().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      for (Object name : mediaFiles) {
        Path path = files.original((String) name);
        if (Files.exists(path)) {
          zip.putNextEntry(new ZipEntry("media/" + name));
          Files.copy(path, zip);
          zip.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new ServiceException(500, "The archive could not be made");
    }
    return file;
  }

  /** The archive's two ActivityPub documents and the account's, read before the rest. */
  private record Documents(JsonObject actor, JsonObject outbox, JsonObject account) {}
}

package org.plutro.server.http.activitypub;

import org.plutro.server.http.Params;
import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Collection;
import org.plutro.federation.vocab.Ref;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.handler.InteractionGate;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.http.ContentNegotiation;
import org.plutro.server.http.Responses;
import org.plutro.server.http.web.PostPages;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.ThreadStore;
import org.plutro.server.uri.Uris;

/**
 * Our notes, their Create activities and replies collections at their ids. Public and unlisted
 * ones are readable without a signature; followers-only and direct ones (and their replies
 * collections) only by a signed GET from a server in their audience. A deleted note answers 410
 * with a Tombstone.
 */
public final class ObjectRoutes {
  static final int REPLIES_PAGE = 40;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final ThreadStore threads;
  private final StatusService statusService;
  private final StatusVisibility statusVisibility;
  private final InteractionGate interactionGate;
  private final SignedFetch signedFetch;
  private final SignedFetches signedFetches;
  private final Uris uris;
  private final PostPages postPages;

  public ObjectRoutes(AccountStore accounts, StatusStore statuses, ThreadStore threads,
      StatusService statusService, StatusVisibility statusVisibility, InteractionGate interactionGate,
      SignedFetch signedFetch, SignedFetches signedFetches, Uris uris, PostPages postPages) {
    this.accounts = accounts;
    this.statuses = statuses;
    this.threads = threads;
    this.statusService = statusService;
    this.statusVisibility = statusVisibility;
    this.interactionGate = interactionGate;
    this.signedFetch = signedFetch;
    this.signedFetches = signedFetches;
    this.uris = uris;
    this.postPages = postPages;
  }

  public void mount(Router router) {
    router.get("/users/:username/statuses/:id").handler(ctx -> {
      if (ContentNegotiation.wantsHtml(ctx)) {
        toPage(ctx);
      } else {
        serve(ctx, false);
      }
    });
    router.get("/users/:username/statuses/:id/activity").handler(ctx -> serve(ctx, true));
    router.get("/users/:username/statuses/:id/replies").handler(this::replies);
    router.get("/users/:username/approvals/:id").handler(this::approval);
    // The url we publish for a post: its page for visitors, its Note for servers.
    router.getWithRegex("/@(?<username>[A-Za-z0-9_]+)/(?<id>[0-9]+)").handler(ctx -> {
      if (ContentNegotiation.wantsPage(ctx)) {
        page(ctx);
      } else {
        serve(ctx, false);
      }
    });
  }

  /** Any of the author's own notes: the page decides who may read it (a member may see more). */
  private void page(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    liveAuthor(ctx.pathParam("username"))
        .compose(author -> ownNote(author, id))
        .onSuccess(found -> postPages.show(ctx, found.author(), found.status()))
        .onFailure(ctx::fail);
  }

  /** A browser that follows a note's id is sent to its page, as it is from an actor's id. */
  private void toPage(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    liveAuthor(ctx.pathParam("username"))
        .compose(author -> publicNote(author, id))
        .onSuccess(found -> ctx.response().setStatusCode(302)
            .putHeader("Location", found.status().url()).putHeader("Vary", "Accept").end())
        .onFailure(ctx::fail);
  }

  /** The author's own public or unlisted note with that id: not deleted, not a share. */
  private Future<Found> publicNote(Account author, long id) {
    return ownNote(author, id).compose(found -> found.status().visibility().isPubliclyReadable()
        ? Future.succeededFuture(found) : notFound());
  }

  /** The author's own note with that id, of any visibility: not deleted, not a share. */
  private Future<Found> ownNote(Account author, long id) {
    return statuses.byId(id).compose(status -> status
        .filter(s -> s.accountId() == author.id() && s.local() && !s.isDeleted() && s.reblogOfId() == null)
        .map(s -> Future.succeededFuture(new Found(author, s)))
        .orElseGet(ObjectRoutes::notFound));
  }

  private void serve(RoutingContext ctx, boolean activity) {
    String username = ctx.pathParam("username");
    long id = Params.parseId(ctx.pathParam("id"));
    accounts.localByUsername(username).compose(author -> author
            .map(account -> statuses.byId(id).map(status -> new Found(account, status.orElse(null))))
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(found -> {
          Status status = found.status();
          Account author = found.author();
          if (status == null || status.accountId() != author.id() || !status.local()
              || status.reblogOfId() != null || author.suspended()) {
            ctx.fail(ServiceException.notFound("Record not found"));
          } else if (status.isDeleted() || author.deletedAt() != null) {
            java.time.OffsetDateTime deleted = status.isDeleted() ? status.deletedAt() : author.deletedAt();
            Responses.activity(ctx, 410, Activities.tombstone(status.uri(), "Note", deleted).toJson());
          } else {
            mayFetch(ctx, status)
                .compose(allowed -> allowed ? statusService.note(status, author)
                    : Future.failedFuture(ServiceException.notFound("Record not found")))
                .onSuccess(note -> {
                  if (!status.visibility().isPubliclyReadable()) {
                    ctx.response().putHeader("Cache-Control", "private, no-store");
                  }
                  signedFetches.noteFetch(ctx, author);
                  Responses.activity(ctx, 200, activity ? Activities.create(status, author, note).toJson()
                      : note.toJson());
                })
                .onFailure(ctx::fail);
          }
        })
        .onFailure(ctx::fail);
  }

  /** An Accept we sent for a remote reply or share, read by peers checking an {@code approvedBy}. */
  private void approval(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    accounts.localByUsername(ctx.pathParam("username")).compose(author -> author.isEmpty()
            ? Future.succeededFuture(Optional.<InteractionGate.Approval>empty())
            : interactionGate.approval(author.get(), id))
        .compose(found -> found.isEmpty() ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : mayFetch(ctx, found.get().target()).compose(allowed -> allowed
                ? Future.succeededFuture(found.get().accept().toJson())
                : Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(accept -> Responses.activity(ctx, 200, accept))
        .onFailure(ctx::fail);
  }

  /**
   * Public and unlisted notes are anyone's but a signer the author blocks; the others only a
   * server one of whose actors is in their audience may fetch, with a signed GET. Unsigned, they
   * do not exist (404).
   */
  private Future<Boolean> mayFetch(RoutingContext ctx, Status status) {
    return signedFetch.signer(ctx).compose(signer -> statusVisibility.mayFetch(signer, status));
  }

  /**
   * A note's {@code replies} collection (the Collection with its first page embedded, or with
   * {@code ?page=true} a page of 40, {@code min_id} the cursor): answered to whoever may fetch the
   * note itself, and 404 to anyone else, as the note is. It lists our own replies that the same
   * signer may fetch, as ids (Mastodon lists ids or objects; GoToSocial reads either, and fetches
   * each id with a signed GET): public and unlisted replies to anyone, followers-only and direct
   * ones only to a server they are addressed to, and never a reply by an account the note's
   * author blocks.
   */
  private void replies(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    boolean paged = ctx.request().getParam("page") != null;
    long after = cursor(ctx.request().getParam("min_id"));
    liveAuthor(ctx.pathParam("username"))
        .compose(author -> repliedNote(author, id))
        .compose(note -> signedFetch.signer(ctx).map(signer -> new RepliesFetch(note, signer)))
        .compose(fetch -> admitRepliesFetch(ctx, fetch))
        .compose(fetch -> repliesDocument(fetch.note().status(), fetch.signer(), paged, after))
        .onSuccess(body -> Responses.activity(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /** The local author by name, unless deleted or suspended. */
  private Future<Account> liveAuthor(String username) {
    return accounts.localByUsername(username).compose(author -> author
        .filter(account -> account.deletedAt() == null && !account.suspended())
        .map(Future::succeededFuture)
        .orElseGet(ObjectRoutes::notFound));
  }

  /** The author's own note with that id, if it can have replies: not deleted, not a share. */
  private Future<Found> repliedNote(Account author, long id) {
    return statuses.byId(id).compose(status -> status
        .filter(s -> s.accountId() == author.id() && s.local() && !s.isDeleted()
            && s.reblogOfId() == null)
        .map(s -> Future.succeededFuture(new Found(author, s)))
        .orElseGet(ObjectRoutes::notFound));
  }

  /** 404 unless the signer may fetch the note; what a signed fetch lists is private to it. */
  private Future<RepliesFetch> admitRepliesFetch(RoutingContext ctx, RepliesFetch fetch) {
    Status status = fetch.note().status();
    return statusVisibility.mayFetch(fetch.signer(), status).compose(allowed -> {
      if (!allowed) {
        return notFound();
      }
      if (fetch.signer().isPresent() || !status.visibility().isPubliclyReadable()) {
        // What a signed fetch lists depends on who signed it.
        ctx.response().putHeader("Cache-Control", "private, no-store");
      }
      signedFetches.noteFetch(ctx, fetch.note().author());
      return Future.succeededFuture(fetch);
    });
  }

  private Future<JsonObject> repliesDocument(Status status, Optional<Account> signer, boolean paged,
      long after) {
    String collection = uris.replies(status.uri());
    return threads.repliesFor(status.id(), status.accountId(), signer, after, REPLIES_PAGE + 1)
        .map(found -> {
          boolean more = found.size() > REPLIES_PAGE;
          List<ThreadStore.Listed> shown = more ? found.subList(0, REPLIES_PAGE) : found;
          List<Ref<AsObject>> items = new ArrayList<>();
          shown.forEach(reply -> items.add(Ref.to(reply.uri())));
          Collection page = Collection.page(repliesPage(collection, after), "CollectionPage", collection,
              more ? repliesPage(collection, shown.get(shown.size() - 1).id()) : null, items);
          return (paged ? page : Collection.paged(collection, "Collection", null, Ref.of(page))).toJson();
        });
  }

  private static String repliesPage(String collection, long after) {
    return collection + "?page=true" + (after > 0 ? "&min_id=" + after : "");
  }

  /** A page's {@code min_id}; anything unreadable means from the start. */
  private static long cursor(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static <T> Future<T> notFound() {
    return Future.failedFuture(ServiceException.notFound("Record not found"));
  }

  private record Found(Account author, Status status) {}

  /** A note whose replies are asked for, and who signed the asking (if anyone). */
  private record RepliesFetch(Found note, Optional<Account> signer) {}
}

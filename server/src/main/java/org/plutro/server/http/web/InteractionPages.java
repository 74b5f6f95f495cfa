package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.User;
import org.plutro.server.domain.Visibility;
import org.plutro.server.http.web.InteractionTargets.Target;
import org.plutro.server.service.FollowService;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.StatusService;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/**
 * {@code /authorize_interaction?uri=…}, WebFinger's subscribe template: where a member of ours
 * arrives from another server's "follow" or "reply" button. The account or post is found as the
 * search API finds it, and the member follows, likes, shares or replies with the services the
 * Mastodon API calls; each form posts back here and comes back to the page with what was done.
 * A visitor who is not signed in is sent to sign in first, and back.
 */
public final class InteractionPages {
  private static final String FOLLOW = "follow";
  private static final String UNFOLLOW = "unfollow";
  private static final String LIKE = "favourite";
  private static final String SHARE = "reblog";
  private static final String REPLY = "reply";

  private final Visits visits;
  private final Pages pages;
  private final InteractionTargets targets;
  private final VisitorPosts visitorPosts;
  private final FollowStore follows;
  private final StatusStore statuses;
  private final FollowService followService;
  private final InteractionService interactions;
  private final StatusService statusService;
  private final Uris uris;

  public InteractionPages(Visits visits, Pages pages, InteractionTargets targets,
      VisitorPosts visitorPosts, FollowStore follows, StatusStore statuses, FollowService followService,
      InteractionService interactions, StatusService statusService, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.targets = targets;
    this.visitorPosts = visitorPosts;
    this.follows = follows;
    this.statuses = statuses;
    this.followService = followService;
    this.interactions = interactions;
    this.statusService = statusService;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(WebPaths.AUTHORIZE_INTERACTION).handler(this::show);
    router.post(WebPaths.AUTHORIZE_INTERACTION).handler(this::act);
  }

  private void show(RoutingContext ctx) {
    String uri = ctx.request().getParam("uri");
    visits.member(ctx).compose(visit -> notice(ctx, visit.member())
            .compose(notice -> page(ctx, visit, uri, notice, null, null, 200)))
        .onFailure(ctx::fail);
  }

  /** A form's action: done, then back to the page (POST, redirect, GET); or the page with the error. */
  private void act(RoutingContext ctx) {
    String uri = ctx.request().getFormAttribute("uri");
    String action = String.valueOf(ctx.request().getFormAttribute("action"));
    String text = ctx.request().getFormAttribute("status");
    visits.memberForm(ctx).compose(visit -> targets.resolve(uri, visit.member())
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : perform(visit, found.get(), action, text))
        .compose(done -> {
          ctx.response().setStatusCode(303)
              .putHeader("Location", WebPaths.authorizeInteraction(uri) + "&done=" + done)
              .putHeader("Cache-Control", "no-store").end();
          return Future.<Void>succeededFuture();
        }, failure -> failure instanceof ServiceException refused && refused.status() != 404
            ? page(ctx, visit, uri, null, said(refused), text, refused.status())
            : Future.failedFuture(failure)))
        .onFailure(ctx::fail);
  }

  /** Does what the form asked; answers what to tell (with the reply's id for a reply). */
  private Future<String> perform(Visit visit, Target target, String action, String text) {
    Account member = visit.member();
    if (target.isAccount()) {
      return switch (action) {
        case FOLLOW -> followService.follow(member, target.account()).map("followed");
        case UNFOLLOW -> followService.unfollow(member, target.account()).map("unfollowed");
        default -> Future.failedFuture(ServiceException.unprocessable("Unknown action"));
      };
    }
    Status status = target.status();
    return switch (action) {
      case LIKE -> interactions.favourite(member, status).map("liked");
      case SHARE -> interactions.reblog(member, status, defaultVisibility(visit.user())).map("shared");
      case REPLY -> statusService.post(member, reply(visit.user(), status, text))
          .map(reply -> "replied&reply=" + reply.id());
      default -> Future.failedFuture(ServiceException.unprocessable("Unknown action"));
    };
  }

  /**
   * A reply as the API makes one when an app sends only text and the post it answers (the
   * member's defaults, their quote policy too).
   */
  private static StatusService.Draft reply(User user, Status parent, String text) {
    return new StatusService.Draft(text == null ? "" : text, defaultVisibility(user), "",
        user.defaultSensitive(), StatusService.validLanguage(user.defaultLanguage())
            ? user.defaultLanguage() : null,
        Long.toString(parent.id()), List.of(), null, false, null, null, user.defaultQuotePolicy());
  }

  private static Visibility defaultVisibility(User user) {
    return Visibility.parse(user.defaultPrivacy());
  }

  private Future<Void> page(RoutingContext ctx, Visit visit, String uri, Notice notice, String error,
      String replyText, int status) {
    Map<String, Object> params = new HashMap<>();
    params.put("uri", uri == null ? "" : uri.strip());
    params.put("notice", notice == null ? Notice.NONE : notice);
    params.put("error", error == null ? "" : error);
    if (uri == null || uri.isBlank()) {
      return send(ctx, visit, 400, params, null, null, "");
    }
    Account member = visit.member();
    return targets.resolve(uri, member).compose(found -> {
      if (found.isEmpty()) {
        return send(ctx, visit, 404, params, null, null, "");
      }
      Target target = found.get();
      if (target.isAccount()) {
        AccountCard card = AccountCard.of(target.account(), uris);
        return relation(member, target.account()).compose(relation -> {
          if (notice == Notice.FOLLOWED) {
            params.put("notice", switch (relation) {
              case "following" -> new Notice("You now follow " + card.name() + ".", null);
              case "requested" -> new Notice("Follow request sent. " + card.name()
                  + " approves followers one by one.", null);
              default -> Notice.NONE;
            });
          }
          return send(ctx, visit, status, params, card, null, relation);
        });
      }
      return visitorPosts.of(List.of(target.status())).compose(posts -> {
        if (posts.isEmpty()) {
          return send(ctx, visit, 404, params, null, null, "");
        }
        PostView post = posts.get(0);
        params.put("replyText", replyText != null ? replyText : mention(post, member));
        return send(ctx, visit, status, params, null, post, "");
      });
    });
  }

  private Future<Void> send(RoutingContext ctx, Visit visit, int status, Map<String, Object> params,
      AccountCard account, PostView post, String relation) {
    params.put("account", Optional.ofNullable(account));
    params.put("post", Optional.ofNullable(post));
    params.put("relation", relation);
    params.putIfAbsent("replyText", "");
    String title = account != null ? "Follow " + account.name()
        : post != null ? "Reply to " + post.authorName() : "Follow or reply";
    pages.send(ctx, status, "visitor/authorize.jte", visit.frame(title).hiddenFromSearch(), params);
    return Future.succeededFuture();
  }

  /** "self", "following", "requested" or "" (neither). */
  private Future<String> relation(Account member, Account account) {
    if (member.id() == account.id()) {
      return Future.succeededFuture("self");
    }
    return follows.byPair(member.id(), account.id()).map(follow -> follow
        .map(f -> f.accepted() ? "following" : "requested").orElse(""));
  }

  /** A reply starts with the author's handle, as in apps, unless the member wrote the post. */
  private static String mention(PostView post, Account member) {
    return post.author().id() == member.id() ? "" : post.handle() + " ";
  }

  /** What the last action did, from the page's {@code done} (and {@code reply}). */
  private Future<Notice> notice(RoutingContext ctx, Account member) {
    String done = ctx.request().getParam("done");
    if (done == null) {
      return Future.succeededFuture(Notice.NONE);
    }
    return switch (done) {
      case "followed" -> Future.succeededFuture(Notice.FOLLOWED);
      case "unfollowed" -> Future.succeededFuture(new Notice("You no longer follow this account.", null));
      case "liked" -> Future.succeededFuture(new Notice("You liked this post.", null));
      case "shared" -> Future.succeededFuture(new Notice("You shared this post.", null));
      case "replied" -> replyLink(ctx, member).map(link -> new Notice("Your reply is posted.", link));
      default -> Future.succeededFuture(Notice.NONE);
    };
  }

  /** The page of the member's reply named by {@code reply}, if it has one anyone may open. */
  private Future<String> replyLink(RoutingContext ctx, Account member) {
    Long id = org.plutro.server.store.Page.id(ctx.request().getParam("reply"));
    if (id == null) {
      return Future.succeededFuture(null);
    }
    return statuses.byId(id).map(found -> found
        .filter(s -> s.accountId() == member.id() && !s.isDeleted()
            && s.visibility().isPubliclyReadable())
        .map(Status::url).orElse(null));
  }

  /** A refusal said for a person: the API's "Validation failed: " left out. */
  private static String said(ServiceException refused) {
    return refused.getMessage().replaceFirst("^Validation failed: ", "");
  }

  /** A line saying what was done, and where to see it ({@code link}, may be null). */
  public record Notice(String text, String link) {
    static final Notice NONE = new Notice("", null);
    /** Said once the relation is known: followed, or asked to. */
    static final Notice FOLLOWED = new Notice("Done.", null);

    public boolean shown() {
      return !text.isEmpty();
    }
  }
}

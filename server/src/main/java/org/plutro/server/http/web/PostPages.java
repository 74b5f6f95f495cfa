package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.PreviewCard;
import org.plutro.server.domain.Status;
import org.plutro.server.media.CardImages;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.service.ThreadService;
import org.plutro.server.store.PreviewCardStore;

/**
 * A public or unlisted post's page, at the {@code url} we publish for it (served from
 * {@code ObjectRoutes}, which answers servers there too): the posts it answers above it, nearest
 * last, and the replies below, as anyone may see them. OpenGraph and Twitter card tags
 * ({@code og:image}: its first picture, else the author's avatar) make link previews.
 */
public final class PostPages {
  /** How many of the posts above it a page shows, and how many replies below. */
  static final int MAX_ANCESTORS = 20;
  static final int MAX_REPLIES = 100;
  private static final int MAX_DEPTH = 3;

  private final Visits visits;
  private final Pages pages;
  private final ThreadService threads;
  private final VisitorPosts visitorPosts;
  private final PreviewCardStore cards;
  private final CardImages cardImages;
  private final MemberPosts memberPosts;
  private final StatusVisibility visibility;

  public PostPages(Visits visits, Pages pages, ThreadService threads, VisitorPosts visitorPosts,
      PreviewCardStore cards, CardImages cardImages, MemberPosts memberPosts, StatusVisibility visibility) {
    this.memberPosts = memberPosts;
    this.visibility = visibility;
    this.visits = visits;
    this.pages = pages;
    this.threads = threads;
    this.visitorPosts = visitorPosts;
    this.cards = cards;
    this.cardImages = cardImages;
  }

  /**
   * The page of {@code status}, a post of {@code author}'s: for a member who may see it (a
   * followers-only or direct post too), with its buttons; for anyone else only when it is
   * public or unlisted.
   */
  public void show(RoutingContext ctx, Account author, Status status) {
    visits.of(ctx).compose(visit -> {
      if (visit.signedIn() && visit.user().functional()) {
        return visibility.maySee(Optional.of(visit.member()), status).map(allowed -> {
          if (!allowed) {
            throw ServiceException.notFound("Record not found");
          }
          showToMember(ctx, visit, status);
          return null;
        });
      }
      if (!status.visibility().isPubliclyReadable()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      showToVisitor(ctx, author, status);
      return Future.succeededFuture();
    }).onFailure(ctx::fail);
  }

  /**
   * A member sees the thread as the API's context gives it to them (their likes and shares, the
   * posts only they may see), each post with its buttons.
   */
  private void showToMember(RoutingContext ctx, Visit visit, Status status) {
    long member = visit.member().id();
    threads.context(Optional.of(visit.member()), status.id()).compose(thread -> {
      List<Long> ids = new ArrayList<>();
      List<Status> above = thread.ancestors();
      above.subList(Math.max(0, above.size() - MAX_ANCESTORS), above.size()).forEach(s -> ids.add(s.id()));
      ids.add(status.id());
      thread.descendants().stream().limit(MAX_REPLIES).forEach(s -> ids.add(s.id()));
      return memberPosts.byIds(ids, member, "thread").onSuccess(posts -> {
        int at = -1;
        for (int i = 0; i < posts.size(); i++) {
          if (posts.get(i).anchorId().equals(String.valueOf(status.id()))) {
            at = i;
          }
        }
        List<MemberPost> ancestors = at < 0 ? List.of() : posts.subList(0, at);
        MemberPost post = at < 0 ? null : posts.get(at);
        List<MemberPost> replies = at < 0 ? posts : posts.subList(at + 1, posts.size());
        Map<String, Object> params = new HashMap<>();
        params.put("ancestors", ancestors);
        params.put("replies", replies);
        params.put("post", post);
        params.put("returnTo", ctx.request().path());
        params.put("moreAbove", above.size() > MAX_ANCESTORS);
        pages.send(ctx, "member/thread.jte", visit.frame("Post").hiddenFromSearch(), params);
      });
    }).onFailure(ctx::fail);
  }

  private void showToVisitor(RoutingContext ctx, Account author, Status status) {
    threads.held(Optional.empty(), status).compose(thread -> {
      List<Status> above = thread.ancestors();
      boolean moreAbove = above.size() > MAX_ANCESTORS;
      List<Status> shownAbove = moreAbove ? above.subList(above.size() - MAX_ANCESTORS, above.size()) : above;
      boolean moreBelow = thread.descendants().size() > MAX_REPLIES;
      List<Status> below = moreBelow ? thread.descendants().subList(0, MAX_REPLIES) : thread.descendants();
      return Future.all(visitorPosts.by(author, List.of(status)), visitorPosts.of(shownAbove),
              visitorPosts.of(below), visits.of(ctx), cards.ofStatus(status.id()))
          .onSuccess(all -> {
            PostView post = all.<List<PostView>>resultAt(0).get(0);
            Visit visit = all.resultAt(3);
            Optional<PreviewCard> card = all.resultAt(4);
            Frame frame = visit.frame(post.authorName() + ": \u201c" + excerpt(post.text()) + "\u201d");
            Map<String, Object> params = new HashMap<>(Map.of("post", post, "ancestors", all.resultAt(1),
                "moreAbove", moreAbove, "replies", withDepth(status.id(), all.resultAt(2)),
                "moreBelow", moreBelow));
            card.ifPresent(c -> params.put("linkCard", LinkCardView.of(c, cardImages)));
            pages.send(ctx, "visitor/status.jte",
                ProfileView.indexable(author) ? frame : frame.hiddenFromSearch(), params);
          });
    }).onFailure(ctx::fail);
  }

  /** Replies in the thread's order, each with how far below the post it stands. */
  static List<ThreadReply> withDepth(long postId, List<PostView> replies) {
    Map<Long, Integer> depths = new HashMap<>();
    depths.put(postId, 0);
    List<ThreadReply> shown = new ArrayList<>();
    for (PostView reply : replies) {
      Long parent = reply.status().inReplyToId();
      int depth = (parent == null ? 0 : depths.getOrDefault(parent, 0)) + 1;
      depths.put(reply.status().id(), depth);
      shown.add(new ThreadReply(reply, Math.min(depth, MAX_DEPTH)));
    }
    return shown;
  }

  static String excerpt(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "\u2026" : text;
  }
}

package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.service.PollService;

/**
 * A member votes in a poll under a post, as a plain form ({@code choices[]}): through the service
 * of {@code POST /api/v1/polls/:id/votes}, answered 303 back to the page at the post. A vote
 * refused (the poll ended, already voted, not one of its choices) stores nothing and the page
 * says why; a poll the member may not see is 404. With {@code partial=1} (the script) the answer
 * is the post as it is now, to put in place, or 422 with the reason as text.
 */
public final class PollVotes {
  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final PollService polls;
  private final MemberPosts memberPosts;

  public PollVotes(Visits visits, Pages pages, Notices notices, PollService polls,
      MemberPosts memberPosts) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.polls = polls;
    this.memberPosts = memberPosts;
  }

  public void mount(Router router) {
    router.post("/polls/:id/votes").handler(this::vote);
  }

  private void vote(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    boolean partial = "1".equals(ctx.request().getFormAttribute("partial"));
    List<String> choices = Params.of(ctx).list("choices");
    String returnTo = returnTo(ctx);
    visits.memberForm(ctx).compose(visit -> polls.vote(visit.member(), id, choices)
        .compose(poll -> {
          String back = returnTo + "#post-" + poll.statusId();
          if (!partial) {
            Notices.redirect(ctx, back);
            return Future.succeededFuture();
          }
          return memberPosts.byIds(List.of(poll.statusId()), visit.member().id(), "thread")
              .onSuccess(shown -> pages.send(ctx, 200, Buffer.buffer(shown.isEmpty() ? ""
                  : pages.render("member/post.jte", visit.frame(""),
                      Map.of("post", shown.get(0), "returnTo", returnTo))), true));
        })
        .recover(failure -> {
          Notice refused = refusal(failure);
          if (refused == null) {
            return Future.failedFuture(failure);
          }
          if (partial) {
            ctx.response().setStatusCode(422).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(refused.text(null));
          } else {
            notices.redirect(ctx, returnTo, refused);
          }
          return Future.succeededFuture();
        }))
        .onFailure(ctx::fail);
  }

  /** Why the vote was refused, as the page says it; null for anything but a refused vote. */
  private static Notice refusal(Throwable failure) {
    if (!(failure instanceof PollService.VoteRefused refused)) {
      return null;
    }
    return switch (refused.reason()) {
      case ENDED -> Notice.POLL_ENDED;
      case ALREADY_VOTED -> Notice.POLL_ALREADY_VOTED;
      case OWN_POLL -> Notice.POLL_OWN;
      case BAD_CHOICE -> Notice.POLL_CHOICE;
    };
  }

  /** The page the form was on (without its anchor), or home. */
  private static String returnTo(RoutingContext ctx) {
    String asked = ctx.request().getFormAttribute("return_to");
    return WebPaths.isLocalPath(asked) ? asked.replaceFirst("#.*$", "") : WebPaths.HOME_TIMELINE;
  }
}

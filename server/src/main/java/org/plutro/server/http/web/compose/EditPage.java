package org.plutro.server.http.web.compose;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.PostView;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.VisitorPosts;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.service.StatusService;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.text.Html;

/**
 * {@code /statuses/:id/edit}: a member changes the text, content warning, language or alt texts
 * of a post of their own, or takes files off it, through {@link StatusService#edit} as
 * {@code PUT /api/v1/statuses/:id}. Anyone else's post, a share or a deleted post is a 404.
 */
public final class EditPage {
  private static final String[] FIELDS = {"status", "spoiler_text", "language", "return_to",
      "remove_1", "remove_2", "remove_3", "remove_4", "description_1", "description_2",
      "description_3", "description_4"};

  private final Visits visits;
  private final Pages pages;
  private final StatusStore statuses;
  private final PollStore polls;
  private final VisitorPosts visitorPosts;
  private final StatusService statusService;

  public EditPage(Visits visits, Pages pages, StatusStore statuses, PollStore polls,
      VisitorPosts visitorPosts, StatusService statusService) {
    this.visits = visits;
    this.pages = pages;
    this.statuses = statuses;
    this.polls = polls;
    this.visitorPosts = visitorPosts;
    this.statusService = statusService;
  }

  public void mount(Router router) {
    router.get("/statuses/:id/edit").handler(this::show);
    router.post("/statuses/:id/edit").handler(this::save);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.member(ctx).compose(visit -> own(visit.member(), id).compose(post -> {
      Status status = post.status();
      Form form = Form.empty()
          .with("status", status.sourceText() != null ? status.sourceText() : Html.text(status.content()))
          .with("spoiler_text", status.spoilerText() == null ? "" : status.spoilerText())
          .with("language", status.language() == null ? "" : status.language());
      List<MediaAttachment> media = post.media();
      for (int i = 0; i < media.size(); i++) {
        String description = media.get(i).description();
        form = form.with("description_" + (i + 1), description == null ? "" : description);
      }
      String returnTo = ctx.request().getParam("return_to");
      return send(ctx, 200, visit, post, WebPaths.isLocalPath(returnTo) ? form.with("return_to", returnTo) : form);
    })).onFailure(ctx::fail);
  }

  private void save(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(visit -> own(visit.member(), id).compose(post -> {
      Form form = Form.submitted(ctx, FIELDS);
      List<String> kept = new ArrayList<>();
      Map<Long, String> descriptions = new HashMap<>();
      List<MediaAttachment> media = post.media();
      for (int i = 0; i < media.size(); i++) {
        if (!form.checked("remove_" + (i + 1))) {
          kept.add(Long.toString(media.get(i).id()));
          descriptions.put(media.get(i).id(), form.value("description_" + (i + 1)));
        }
      }
      String language = form.value("language").strip();
      return statusService.edit(visit.member(), id, new StatusService.Edit(form.value("status"),
              form.value("spoiler_text"), null, language.isEmpty() ? null : language, kept, descriptions))
          .compose(edited -> {
            String returnTo = form.value("return_to");
            Notices.redirect(ctx, WebPaths.isLocalPath(returnTo) ? returnTo
                : "/@" + visit.member().username() + "/" + edited.id());
            return Future.<Void>succeededFuture();
          })
          .recover(failure -> failure instanceof ServiceException refused && refused.status() == 422
              ? send(ctx, 422, visit, post, ComposeErrors.said(form, refused))
              : Future.failedFuture(failure));
    })).onFailure(ctx::fail);
  }

  /** The member's own live post (not a share) as the pages show it, or 404. */
  private Future<PostView> own(Account member, long id) {
    return statuses.byId(id).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || found.get().accountId() != member.id()
          || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return visitorPosts.by(member, List.of(found.get())).map(views -> views.get(0));
    });
  }

  private Future<Void> send(RoutingContext ctx, int code, Visit visit, PostView post, Form form) {
    return polls.byStatuses(List.of(post.status().id())).map(found -> {
      PollStore.Poll poll = found.get(post.status().id());
      EditView view = new EditView(post, form, poll == null ? List.of() : poll.options());
      pages.send(ctx, code, "compose/edit.jte", visit.frame("Edit your post").hiddenFromSearch(),
          Map.of("view", view));
      return null;
    });
  }
}

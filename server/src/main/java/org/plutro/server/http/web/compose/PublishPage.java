package org.plutro.server.http.web.compose;

import io.vertx.core.Future;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.User;
import org.plutro.server.domain.Visibility;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.MemberPost;
import org.plutro.server.http.web.MemberPosts;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.service.Drafts;
import org.plutro.server.service.MediaService;
import org.plutro.server.service.PollService;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.UserStore;

/**
 * {@code /publish} (Mastodon's path): writing a post, a reply ({@code ?in_reply_to=ID}) or a
 * quote ({@code ?quote=ID}). The form goes through the API's services: files through
 * {@link MediaService} as {@code POST /api/v2/media}, the post through {@link StatusService} as
 * {@code POST /api/v1/statuses}, with the member's defaults filled in by {@link Drafts}. A refused
 * form comes back with what was typed (files must be chosen again) and nothing stored.
 */
public final class PublishPage {
  public static final String PATH = "/publish";
  /** Room for the multipart framing and the text fields around the files. */
  private static final long FORM_OVERHEAD = 256 * 1024;
  static final String[] FIELDS = {"status", "spoiler_text", "visibility", "language", "in_reply_to_id",
      "quoted_status_id", "quote_approval_policy", "idempotency_key", "return_to", "description_1",
      "description_2", "description_3", "description_4", "poll_option_1", "poll_option_2",
      "poll_option_3", "poll_option_4", "poll_expires_in", "poll_multiple"};

  private final Visits visits;
  private final Pages pages;
  private final UserStore users;
  private final StatusStore statuses;
  private final StatusVisibility visibility;
  private final MentionStore mentions;
  private final MemberPosts memberPosts;
  private final StatusService statusService;
  private final MediaService mediaService;

  public PublishPage(Visits visits, Pages pages, UserStore users, StatusStore statuses,
      StatusVisibility visibility, MentionStore mentions, MemberPosts memberPosts,
      StatusService statusService, MediaService mediaService) {
    this.visits = visits;
    this.pages = pages;
    this.users = users;
    this.statuses = statuses;
    this.visibility = visibility;
    this.mentions = mentions;
    this.memberPosts = memberPosts;
    this.statusService = statusService;
    this.mediaService = mediaService;
  }

  /**
   * The form carries up to four files (multipart, written to {@code uploads} and removed when the
   * request ends); mounted before the router's general body handler, which then leaves it alone.
   */
  public static void mountBodyHandler(Router router, Path uploads, MediaService mediaService) {
    long perFile = Math.max(mediaService.limits().maxImageBytes(), mediaService.limits().maxVideoBytes());
    router.post(PATH).handler(BodyHandler.create(uploads.toString())
        .setBodyLimit(ComposeView.MAX_FILES * perFile + FORM_OVERHEAD)
        .setHandleFileUploads(true)
        .setMergeFormAttributes(true)
        .setDeleteUploadedFilesOnEnd(true));
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::publish);
  }

  private void show(RoutingContext ctx) {
    String replyId = ctx.request().getParam("in_reply_to");
    String quoteId = ctx.request().getParam("quote");
    visits.member(ctx).compose(visit -> users.byAccountId(visit.member().id()).compose(user -> {
      Form form = defaults(user.orElseThrow(), ctx.request().getParam("return_to"));
      if (present(replyId)) {
        return replyForm(visit, form, replyId).compose(view -> send(ctx, 200, visit, view));
      }
      if (present(quoteId)) {
        return quoteForm(visit, form, quoteId).compose(view -> send(ctx, 200, visit, view));
      }
      return send(ctx, 200, visit, new ComposeView(form, null, null, null));
    })).onFailure(ctx::fail);
  }

  /** An empty form with the member's defaults, and a fresh key that makes a double submit post once. */
  private static Form defaults(User user, String returnTo) {
    Form form = Form.empty()
        .with("visibility", user.defaultPrivacy() == null ? "public" : user.defaultPrivacy())
        .with("language", user.defaultLanguage() == null ? "" : user.defaultLanguage())
        .with("quote_approval_policy", user.defaultQuotePolicy() == null ? "public" : user.defaultQuotePolicy())
        .with("poll_expires_in", "86400")
        .with("idempotency_key", UUID.randomUUID().toString());
    return WebPaths.isLocalPath(returnTo) ? form.with("return_to", returnTo) : form;
  }

  /**
   * A reply: the post answered shown above, its author and the people it mentions named at the
   * start, its content warning kept, and a visibility no wider than its own (as Mastodon).
   */
  private Future<ComposeView> replyForm(Visit visit, Form form, String replyId) {
    Account me = visit.member();
    return visible(me, replyId).compose(parent -> shown(me, parent)
        .compose(post -> mentions.of(parent.id()).map(mentioned -> {
          Set<String> names = new LinkedHashSet<>();
          if (post != null && !post.own()) {
            names.add(post.handle());
          }
          mentioned.forEach(m -> {
            if (m.account().id() != me.id()) {
              names.add(mention(m.account()));
            }
          });
          String text = names.isEmpty() ? "" : String.join(" ", names) + " ";
          Form reply = form.with("status", text).with("in_reply_to_id", Long.toString(parent.id()))
              .with("spoiler_text", parent.spoilerText() == null ? "" : parent.spoilerText())
              .with("visibility", narrower(form.value("visibility"), parent.visibility()));
          return new ComposeView(reply, post, null, null);
        })));
  }

  /** {@code @name} for a member of ours, {@code @name@server} for anyone else (as Mastodon writes them). */
  private static String mention(Account account) {
    return "@" + (account.isLocal() ? account.username() : account.acct());
  }

  /** A quote: the quoted post shown, or why its author's policy refuses the member. */
  private Future<ComposeView> quoteForm(Visit visit, Form form, String quoteId) {
    Account me = visit.member();
    return visible(me, quoteId).compose(quoted -> shown(me, quoted).compose(post -> {
      return statusService.quotable(me, quoteId)
          .map(ok -> new ComposeView(form.with("quoted_status_id", Long.toString(quoted.id())), null, post, null))
          .recover(refused -> refused instanceof ServiceException e && e.status() != 404
              ? Future.succeededFuture(new ComposeView(form, null, post,
                  "You cannot quote this post: its author does not allow you to. You can still write a post of your own."))
              : Future.failedFuture(refused));
    }));
  }

  /** A post (not a share) the member may see, or 404. */
  private Future<Status> visible(Account me, String id) {
    long parsed;
    try {
      parsed = Long.parseLong(id.strip());
    } catch (NumberFormatException e) {
      return Future.failedFuture(ServiceException.notFound("Record not found"));
    }
    return statuses.byId(parsed).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || found.get().reblogOfId() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      return visibility.maySee(Optional.of(me), found.get()).compose(seen -> seen
          ? Future.succeededFuture(found.get())
          : Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }

  /** The narrower of the member's choice and the answered post's visibility. */
  private static String narrower(String chosen, Visibility parent) {
    try {
      Visibility mine = Visibility.parse(chosen);
      return (mine.ordinal() >= parent.ordinal() ? mine : parent).apiName();
    } catch (IllegalArgumentException e) {
      return parent.apiName();
    }
  }

  private void publish(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      Form form = Form.submitted(ctx, FIELDS);
      return users.byAccountId(visit.member().id())
          .compose(user -> publish(ctx, visit, user.orElseThrow(), form));
    }).onFailure(ctx::fail);
  }

  private Future<Void> publish(RoutingContext ctx, Visit visit, User user, Form form) {
    List<FileUpload> files = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    int sent = 0;
    for (FileUpload upload : ctx.fileUploads()) {
      if (upload.name().startsWith("media_")) {
        sent++;
      }
    }
    for (int slot : ComposeView.fileSlots()) {
      FileUpload file = chosen(ctx, "media_" + slot);
      if (file != null) {
        files.add(file);
        descriptions.add(form.value("description_" + slot));
      }
    }
    if (sent > ComposeView.MAX_FILES) {
      return again(ctx, visit, form.withError("media", "At most " + ComposeView.MAX_FILES + " files per post."));
    }
    // Everything the draft's own fields allow is checked before a file is stored: each chosen
    // file stands in for the id it would get.
    List<String> standIns = new ArrayList<>();
    for (int i = 1; i <= files.size(); i++) {
      standIns.add(Long.toString(i));
    }
    try {
      StatusService.check(draft(user, form, standIns));
    } catch (ServiceException e) {
      return again(ctx, visit, ComposeErrors.said(form, e));
    }
    return upload(visit.member(), files, descriptions, form)
        .compose(uploaded -> statusService.post(visit.member(), draft(user, form, ids(uploaded)))
            .recover(failure -> forget(visit.member(), uploaded).compose(done -> Future.failedFuture(failure)))
            // A form sent twice answers the post of the first: this copy's files are not needed
            // (deleting refuses the files a post holds).
            .compose(status -> forget(visit.member(), uploaded).map(status)))
        .compose(status -> {
          String returnTo = form.value("return_to");
          Notices.redirect(ctx, WebPaths.isLocalPath(returnTo) ? returnTo
              : "/@" + visit.member().username() + "/" + status.id());
          return Future.<Void>succeededFuture();
        })
        .recover(failure -> failure instanceof FieldFailure field
            ? again(ctx, visit, field.form())
            : failure instanceof ServiceException refused && refused.status() < 500
                ? again(ctx, visit, ComposeErrors.said(form, refused))
                : Future.failedFuture(failure));
  }

  /** The draft as the API builds it, from the form's fields. */
  private static StatusService.Draft draft(User user, Form form, List<String> mediaIds) {
    return Drafts.of(user, new Drafts.Sent(form.value("status"), form.value("visibility"),
        form.value("spoiler_text"), null, form.value("language"), form.value("in_reply_to_id"),
        mediaIds, form.value("idempotency_key"), poll(form), form.value("quoted_status_id"),
        form.value("quote_approval_policy")));
  }

  /** The poll when an option was typed (the empty option boxes are left out), else none. */
  private static PollService.PollDraft poll(Form form) {
    List<String> options = new ArrayList<>();
    for (int slot : ComposeView.optionSlots()) {
      String option = form.value("poll_option_" + slot);
      if (!option.isBlank()) {
        options.add(option);
      }
    }
    if (options.isEmpty()) {
      return null;
    }
    Integer expires;
    try {
      expires = Integer.valueOf(form.value("poll_expires_in").strip());
    } catch (NumberFormatException e) {
      expires = null;
    }
    return new PollService.PollDraft(options, expires, form.checked("poll_multiple"), false);
  }

  /** A refusal of one file, said next to it. */
  private static final class FieldFailure extends RuntimeException {
    private final Form form;

    FieldFailure(Form form) {
      super(null, null, false, false);
      this.form = form;
    }

    Form form() {
      return form;
    }
  }

  /** Stores the files one by one; when one is refused, those stored before are deleted. */
  private Future<List<MediaAttachment>> upload(Account member, List<FileUpload> files,
      List<String> descriptions, Form form) {
    List<MediaAttachment> stored = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < files.size(); i++) {
      FileUpload file = files.get(i);
      String description = descriptions.get(i).isBlank() ? null : descriptions.get(i);
      String field = file.name();
      chain = chain.compose(done -> mediaService.upload(member, Path.of(file.uploadedFileName()), description, null)
          .onSuccess(stored::add)
          .<Void>mapEmpty()
          .recover(failure -> forget(member, stored).compose(gone -> Future.failedFuture(
              failure instanceof ServiceException refused && refused.status() < 500
                  ? new FieldFailure(fileError(form, field, refused))
                  : failure))));
    }
    return chain.map(done -> stored);
  }

  private static Form fileError(Form form, String field, ServiceException refused) {
    if (refused.details() != null && refused.details().containsKey("description")) {
      return form.withError(field.replace("media_", "description_"),
          "The alt text is too long: at most " + MediaAttachment.MAX_DESCRIPTION + " characters.");
    }
    String said = refused.getMessage().replaceFirst("^Validation failed: ", "").strip();
    return form.withError(field, said + (said.endsWith(".") ? "" : ".") + " Choose another file.");
  }

  /** Deletes uploads that no post will hold. */
  private Future<Void> forget(Account member, List<MediaAttachment> uploaded) {
    Future<Void> chain = Future.succeededFuture();
    for (MediaAttachment media : uploaded) {
      chain = chain.compose(done -> mediaService.delete(member.id(), media.id()).recover(e -> Future.succeededFuture()));
    }
    return chain;
  }

  private static List<String> ids(List<MediaAttachment> uploaded) {
    return uploaded.stream().map(m -> Long.toString(m.id())).toList();
  }

  /** The file chosen in {@code field}, if one was. */
  private static FileUpload chosen(RoutingContext ctx, String field) {
    for (FileUpload upload : ctx.fileUploads()) {
      if (upload.name().equals(field) && upload.size() > 0 && upload.fileName() != null
          && !upload.fileName().isBlank()) {
        return upload;
      }
    }
    return null;
  }

  /** The form again, as typed, with what is wrong; nothing was stored. */
  private Future<Void> again(RoutingContext ctx, Visit visit, Form form) {
    return shown(visit.member(), form.value("in_reply_to_id")).compose(replyTo ->
        shown(visit.member(), form.value("quoted_status_id")).compose(quoted ->
            send(ctx, 422, visit, new ComposeView(form, replyTo, quoted, null))));
  }

  /** The post answered or quoted, shown again above a refused form (null when none or gone). */
  private Future<MemberPost> shown(Account me, String id) {
    if (!present(id)) {
      return Future.succeededFuture(null);
    }
    return visible(me, id).compose(post -> shown(me, post))
        .recover(gone -> Future.succeededFuture(null));
  }

  /** The post as the member sees it in a thread (null when their filters hide it). */
  private Future<MemberPost> shown(Account me, Status post) {
    return memberPosts.byIds(List.of(post.id()), me.id(), "thread")
        .map(views -> views.isEmpty() ? null : views.get(0));
  }

  private Future<Void> send(RoutingContext ctx, int status, Visit visit, ComposeView view) {
    String title = view.replyTo() != null ? "Reply" : view.quoted() != null ? "Quote a post" : "Publish";
    pages.send(ctx, status, "compose/publish.jte", visit.frame(title).hiddenFromSearch(),
        Map.of("view", view));
    return Future.succeededFuture();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}

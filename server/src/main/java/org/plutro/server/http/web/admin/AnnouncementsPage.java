package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.Announcements;
import org.plutro.server.service.AuditLog;
import org.plutro.server.store.AnnouncementStore.Draft;

/**
 * {@code /admin/announcements} (Mastodon's path): the instance's announcements, published or not,
 * a form for a new one, and for each: edit, publish or unpublish, delete. The same
 * {@link Announcements} as {@code plutro announcement create}; members read the published ones
 * in their apps ({@code /api/v1/announcements}). Each change goes into the audit log.
 */
public final class AnnouncementsPage {
  public static final String PATH = "/admin/announcements";
  static final String[] FIELDS = {"text", "starts_at", "ends_at", "all_day", "publish"};
  static final Map<String, String> LABELS = Map.of("text", "Text", "starts_at", "Start",
      "ends_at", "End");

  /** An announcement as the list shows it; {@code html} is stored safe HTML. */
  public record Row(long id, String html, boolean published, String when, String readBy) {}

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final Announcements announcements;
  private final AuditLog auditLog;

  public AnnouncementsPage(Visits visits, Pages pages, Notices notices, Announcements announcements,
      AuditLog auditLog) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.announcements = announcements;
    this.auditLog = auditLog;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::index);
    router.post(PATH).handler(this::create);
    router.get(PATH + "/:id/edit").handler(this::editForm);
    router.post(PATH + "/:id").handler(this::edit);
    router.post(PATH + "/:id/publish").handler(ctx -> publish(ctx, true));
    router.post(PATH + "/:id/unpublish").handler(ctx -> publish(ctx, false));
    router.post(PATH + "/:id/delete").handler(this::delete);
  }

  private void index(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only)
        .compose(visit -> list(ctx, 200, visit, Form.empty().with("publish", "1")))
        .onFailure(ctx::fail);
  }

  private Future<Void> list(RoutingContext ctx, int status, Visit visit, Form form) {
    return announcements.all().map(all -> {
      Map<String, Object> params = new HashMap<>();
      params.put("announcements", rows(all));
      params.put("form", form);
      params.put("notice", status == 200 ? notices.take(ctx) : null);
      pages.send(ctx, status, "admin/announcements.jte", visit.frame("Announcements").hiddenFromSearch(), params);
      return null;
    });
  }

  private void create(RoutingContext ctx) {
    Form form = Form.submitted(ctx, FIELDS);
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> {
      Announcements.Input input = input(form);
      if (input == null) {
        return list(ctx, 422, visit, timeErrors(form));
      }
      return announcements.create(input, form.checked("publish"))
          .compose(id -> auditLog.record(Admins.by(visit), form.checked("publish") ? "publish" : "create",
              AuditLog.Target.announcement(id, input.text()), ""))
          .onSuccess(done -> notices.redirect(ctx, PATH, Notice.ANNOUNCEMENT_SAVED))
          .<Void>mapEmpty()
          .recover(failure -> {
            Form again = AdminForms.refused(form, failure, LABELS);
            return again == null ? Future.failedFuture(failure) : list(ctx, 422, visit, again);
          });
    }).onFailure(ctx::fail);
  }

  private void editForm(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> announcements.one(id).map(draft -> {
      Form form = Form.empty().with("text", Announcements.source(draft))
          .with("starts_at", AdminForms.field(draft.startsAt()))
          .with("ends_at", AdminForms.field(draft.endsAt()))
          .with("all_day", draft.allDay() ? "1" : "");
      sendEdit(ctx, 200, visit, id, form);
      return null;
    })).onFailure(ctx::fail);
  }

  private void sendEdit(RoutingContext ctx, int status, Visit visit, long id, Form form) {
    pages.send(ctx, status, "admin/announcement.jte", visit.frame("Edit announcement").hiddenFromSearch(),
        Map.of("id", id, "form", form));
  }

  private void edit(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    Form form = Form.submitted(ctx, FIELDS);
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> announcements.one(id).compose(draft -> {
      Announcements.Input input = input(form);
      if (input == null) {
        sendEdit(ctx, 422, visit, id, timeErrors(form));
        return Future.<Void>succeededFuture();
      }
      return announcements.edit(id, input)
          .compose(done -> auditLog.record(Admins.by(visit), "update",
              AuditLog.Target.announcement(id, input.text()), ""))
          .onSuccess(done -> notices.redirect(ctx, PATH + "#announcement-" + id, Notice.ANNOUNCEMENT_SAVED))
          .recover(failure -> {
            Form again = AdminForms.refused(form, failure, LABELS);
            if (again == null) {
              return Future.failedFuture(failure);
            }
            sendEdit(ctx, 422, visit, id, again);
            return Future.succeededFuture();
          });
    })).onFailure(ctx::fail);
  }

  private void publish(RoutingContext ctx, boolean publish) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> announcements.one(id)
        .compose(draft -> announcements.publish(id, publish).compose(changed -> !changed
            ? Future.<Void>succeededFuture()
            : auditLog.record(Admins.by(visit), publish ? "publish" : "unpublish",
                AuditLog.Target.announcement(id, Announcements.source(draft)), ""))))
        .onSuccess(done -> notices.redirect(ctx, PATH + "#announcement-" + id,
            publish ? Notice.ANNOUNCEMENT_PUBLISHED : Notice.ANNOUNCEMENT_UNPUBLISHED))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> announcements.one(id)
        .compose(draft -> announcements.delete(id).compose(done -> auditLog.record(Admins.by(visit),
            "delete", AuditLog.Target.announcement(id, Announcements.source(draft)), ""))))
        .onSuccess(done -> notices.redirect(ctx, PATH, Notice.ANNOUNCEMENT_DELETED))
        .onFailure(ctx::fail);
  }

  /** The form as the service takes it; null when a time is not one. */
  private static Announcements.Input input(Form form) {
    try {
      return new Announcements.Input(form.value("text"), AdminForms.time(form.value("starts_at")),
          AdminForms.time(form.value("ends_at")), form.checked("all_day"));
    } catch (IllegalArgumentException notTime) {
      return null;
    }
  }

  private static Form timeErrors(Form form) {
    Form said = form;
    for (String field : List.of("starts_at", "ends_at")) {
      try {
        AdminForms.time(form.value(field));
      } catch (IllegalArgumentException notTime) {
        said = said.withError(field, LABELS.get(field) + " is not a date and time, like 2026-12-24T18:00.");
      }
    }
    return said;
  }

  private static List<Row> rows(List<Draft> all) {
    return all.stream().map(draft -> new Row(draft.id(), draft.html(), draft.publishedAt() != null,
        when(draft), draft.readBy() == 1 ? "Read by 1 member" : "Read by " + draft.readBy() + " members"))
        .toList();
  }

  private static String when(Draft draft) {
    OffsetDateTime start = draft.startsAt();
    OffsetDateTime end = draft.endsAt();
    String all = draft.allDay() ? " (all day)" : "";
    if (start == null && end == null) {
      return draft.allDay() ? "All day" : "";
    }
    if (start == null) {
      return "Until " + Times.readable(end) + all;
    }
    return (end == null ? "From " + Times.readable(start) : Times.readable(start) + " to " + Times.readable(end)) + all;
  }
}

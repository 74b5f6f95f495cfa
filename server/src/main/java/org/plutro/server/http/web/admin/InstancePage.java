package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.InstanceTexts;

/**
 * {@code /admin/instance}: the texts that say what this server is (a short and a longer
 * description) and its privacy policy, shown at once on {@code /about} and
 * {@code /privacy-policy}; an empty field brings back the default (the setting, the file in the
 * data folder, or Plutro's own policy). The same {@link InstanceTexts} those pages read; each save
 * goes into the audit log.
 */
public final class InstancePage {
  public static final String PATH = "/admin/instance";
  static final String[] FIELDS = {InstanceTexts.SHORT_DESCRIPTION, InstanceTexts.EXTENDED_DESCRIPTION,
      InstanceTexts.PRIVACY_POLICY};
  static final Map<String, String> LABELS = Map.of(InstanceTexts.SHORT_DESCRIPTION, "Short description",
      InstanceTexts.EXTENDED_DESCRIPTION, "About this server", InstanceTexts.PRIVACY_POLICY, "Privacy policy");

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final InstanceTexts texts;
  private final AuditLog auditLog;

  public InstancePage(Visits visits, Pages pages, Notices notices, InstanceTexts texts, AuditLog auditLog) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.texts = texts;
    this.auditLog = auditLog;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::save);
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only).compose(visit -> texts.texts().map(written -> {
      send(ctx, 200, visit, Form.empty()
          .with(InstanceTexts.SHORT_DESCRIPTION, written.shortDescription())
          .with(InstanceTexts.EXTENDED_DESCRIPTION, written.extendedDescription())
          .with(InstanceTexts.PRIVACY_POLICY, written.privacyPolicy()));
      return null;
    })).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, int status, Visit visit, Form form) {
    Map<String, Object> params = new HashMap<>();
    params.put("form", form);
    params.put("defaultDescription", visit.site().description());
    params.put("notice", status == 200 ? notices.take(ctx) : null);
    pages.send(ctx, status, "admin/instance.jte", visit.frame("About and privacy texts").hiddenFromSearch(), params);
  }

  private void save(RoutingContext ctx) {
    Form form = Form.submitted(ctx, FIELDS);
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> texts.save(new InstanceTexts.Texts(
            form.value(InstanceTexts.SHORT_DESCRIPTION), form.value(InstanceTexts.EXTENDED_DESCRIPTION),
            form.value(InstanceTexts.PRIVACY_POLICY)))
        .compose(done -> auditLog.record(Admins.by(visit), "update",
            new AuditLog.Target("Instance", null, "about and privacy texts"), ""))
        .onSuccess(done -> notices.redirect(ctx, PATH, Notice.INSTANCE_TEXTS_SAVED))
        .recover(failure -> {
          Form again = AdminForms.refused(form, failure, LABELS);
          if (again == null) {
            return Future.failedFuture(failure);
          }
          send(ctx, 422, visit, again);
          return Future.succeededFuture();
        })).onFailure(ctx::fail);
  }
}

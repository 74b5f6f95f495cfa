package org.plutro.server.http.activitypub;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.http.ContentNegotiation;
import org.plutro.server.http.Responses;
import org.plutro.server.http.web.Layout;
import org.plutro.server.http.web.VisitorPages;
import org.plutro.server.service.ServiceException;

/**
 * Our notes and their Create activities at their ids. Public and unlisted ones are readable
 * without a signature; others are not served here. A deleted note answers 410 with a Tombstone.
 */
public final class ObjectRoutes {
  private final AppContext app;
  private final VisitorPages visitors;

  public ObjectRoutes(AppContext app) {
    this.app = app;
    this.visitors = new VisitorPages(app);
  }

  public void mount(Router router) {
    router.get("/users/:username/statuses/:id").handler(ctx -> serve(ctx, false));
    router.get("/users/:username/statuses/:id/activity").handler(ctx -> serve(ctx, true));
    // The url we publish for a post: its page for visitors, its Note for servers.
    router.getWithRegex("/@(?<username>[A-Za-z0-9_]+)/(?<id>[0-9]+)").handler(ctx -> {
      if (ContentNegotiation.wantsHtml(ctx)) {
        page(ctx);
      } else {
        serve(ctx, false);
      }
    });
  }

  private void page(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      ctx.fail(ServiceException.notFound("Record not found"));
      return;
    }
    app.accounts().localByUsername(ctx.pathParam("username")).compose(author -> author
            .filter(account -> account.deletedAt() == null)
            .map(account -> app.statuses().byId(id).compose(status -> status
                .filter(s -> s.accountId() == account.id() && s.local() && !s.isDeleted()
                    && s.reblogOfId() == null && s.visibility().isPubliclyReadable())
                .map(s -> visitors.status(s, account))
                .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found")))))
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(html -> Layout.send(ctx, html))
        .onFailure(ctx::fail);
  }

  private void serve(RoutingContext ctx, boolean activity) {
    String username = ctx.pathParam("username");
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      ctx.fail(ServiceException.notFound("Record not found"));
      return;
    }
    app.accounts().localByUsername(username).compose(author -> author
            .map(account -> app.statuses().byId(id).map(status -> new Found(account, status.orElse(null))))
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(found -> {
          Status status = found.status();
          Account author = found.author();
          if (status == null || status.accountId() != author.id() || !status.local()
              || status.reblogOfId() != null) {
            ctx.fail(ServiceException.notFound("Record not found"));
          } else if (status.isDeleted() || author.deletedAt() != null) {
            JsonObject tombstone = Activities.tombstone(status.uri(), "Note");
            java.time.OffsetDateTime deleted = status.isDeleted() ? status.deletedAt() : author.deletedAt();
            if (deleted != null) {
              tombstone.put("deleted", org.plutro.server.http.api.AccountEntity.timestamp(deleted));
            }
            Responses.activity(ctx, 410, Activities.withContext(tombstone));
          } else if (!status.visibility().isPubliclyReadable()) {
            ctx.fail(ServiceException.notFound("Record not found"));
          } else {
            app.signedFetches().noteFetch(ctx, author);
            JsonObject body = activity ? Activities.create(status, author)
                : Activities.withContext(Activities.note(status, author));
            Responses.activity(ctx, 200, body);
          }
        })
        .onFailure(ctx::fail);
  }

  private record Found(Account author, Status status) {}
}

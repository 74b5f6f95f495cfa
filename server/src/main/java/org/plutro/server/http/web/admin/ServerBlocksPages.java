package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.ServerBlocks;
import org.plutro.server.store.InstanceDomainBlockStore.Change;
import org.plutro.server.store.InstanceDomainBlockStore.DomainBlock;

/**
 * {@code /admin/domain_blocks}: the servers this instance blocks, a form to block one (every
 * severity, explained), {@code /admin/domain_blocks/:id/edit} to change or lift a block.
 * (The allowed servers are {@link ServerAllowsPage}.) Changes go through {@link ServerBlocks}, as the admin API's, and are
 * recorded in the audit log with the admin's note. Admins only (404).
 */
public final class ServerBlocksPages {
  public static final String PATH = "/admin/domain_blocks";
  static final String[] FIELDS = {"domain", "severity", "reject_media", "reject_reports", "public_comment",
      "private_comment", "obfuscate", "note"};

  /** A block as the list shows it. */
  public record Row(long id, String domain, String severity, List<String> also, String publicComment,
      String privateComment, String since, String sinceIso) {}

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final ServerBlocks serverBlocks;

  public ServerBlocksPages(Visits visits, Pages pages, Notices notices, ServerBlocks serverBlocks) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.serverBlocks = serverBlocks;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::list);
    router.post(PATH).handler(this::create);
    router.get(PATH + "/:id/edit").handler(this::edit);
    router.post(PATH + "/:id").handler(this::update);
    router.post(PATH + "/:id/delete").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only)
        .compose(visit -> listed(ctx, visit, new Form(Map.of("severity", "silence"), Map.of(), null), 200))
        .onFailure(ctx::fail);
  }

  private Future<Void> listed(RoutingContext ctx, Visit visit, Form form, int status) {
    return serverBlocks.list().map(blocks -> {
      Map<String, Object> params = new HashMap<>();
      params.put("rows", blocks.stream().map(ServerBlocksPages::row).toList());
      params.put("form", form);
      params.put("notice", status == 200 ? notices.take(ctx) : null);
      pages.send(ctx, status, "admin/domain_blocks.jte", visit.frame("Blocked servers").hiddenFromSearch(), params);
      return null;
    });
  }

  private void create(RoutingContext ctx) {
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> {
      Form form = Form.submitted(ctx, FIELDS);
      ServerBlocks.Draft draft = new ServerBlocks.Draft(form.value("domain"), form.value("severity"),
          form.checked("reject_media"), form.checked("reject_reports"), form.value("private_comment"),
          form.value("public_comment"), form.checked("obfuscate"));
      return serverBlocks.create(Admins.by(visit), draft, form.value("note"))
          .<Void>map(block -> {
            notices.redirect(ctx, PATH, Notice.SERVER_BLOCKED, block.domain());
            return null;
          })
          .recover(failure -> failure instanceof ServiceException refused && refused.status() == 422
              ? listed(ctx, visit, form.failed(refused, Map.of()), 422) : Future.failedFuture(failure));
    }).onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> block(id).map(block -> {
      Map<String, String> values = new HashMap<>(Map.of("domain", block.domain(), "severity", block.severity(),
          "public_comment", orEmpty(block.publicComment()), "private_comment", orEmpty(block.privateComment())));
      if (block.rejectMedia()) {
        values.put("reject_media", "1");
      }
      if (block.rejectReports()) {
        values.put("reject_reports", "1");
      }
      if (block.obfuscate()) {
        values.put("obfuscate", "1");
      }
      send(ctx, 200, visit, id, new Form(values, Map.of(), null));
      return null;
    })).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, int status, Visit visit, long id, Form form) {
    Map<String, Object> params = new HashMap<>();
    params.put("id", id);
    params.put("form", form);
    pages.send(ctx, status, "admin/domain_block.jte", visit.frame("Block of " + form.value("domain")).hiddenFromSearch(),
        params);
  }

  private void update(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> {
      Form form = Form.submitted(ctx, FIELDS);
      Change change = new Change(form.value("severity"), form.checked("reject_media"),
          form.checked("reject_reports"), form.value("private_comment"), form.value("public_comment"),
          form.checked("obfuscate"));
      return serverBlocks.update(Admins.by(visit), id, change, form.value("note")).<Void>map(block -> {
        notices.redirect(ctx, PATH, Notice.SERVER_BLOCK_CHANGED, block.domain());
        return null;
      }).recover(failure -> {
        if (failure instanceof ServiceException refused && refused.status() == 422) {
          return block(id).map(block -> {
            send(ctx, 422, visit, id, form.with("domain", block.domain()).failed(refused, Map.of()));
            return null;
          });
        }
        return Future.failedFuture(failure);
      });
    }).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only)
        .compose(visit -> serverBlocks.delete(Admins.by(visit), id, Params.of(ctx).string("note")))
        .onSuccess(domain -> notices.redirect(ctx, PATH, Notice.SERVER_UNBLOCKED, domain))
        .onFailure(ctx::fail);
  }

  private Future<DomainBlock> block(long id) {
    return serverBlocks.byId(id).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private static Row row(DomainBlock block) {
    List<String> also = new java.util.ArrayList<>();
    if (block.rejectMedia()) {
      also.add("media refused");
    }
    if (block.rejectReports()) {
      also.add("reports refused");
    }
    if (block.obfuscate()) {
      also.add("name hidden in the public list");
    }
    return new Row(block.id(), block.domain(), severity(block.severity()), also, orEmpty(block.publicComment()),
        orEmpty(block.privateComment()), Times.readable(block.createdAt()), Times.iso(block.createdAt()));
  }

  static String severity(String severity) {
    return switch (severity) {
      case "suspend" -> "Suspended";
      case "silence" -> "Limited";
      default -> "No limit";
    };
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}

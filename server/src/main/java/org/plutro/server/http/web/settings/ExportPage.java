package org.plutro.server.http.web.settings;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.Downloads;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.MemberExport;
import org.plutro.server.service.MemberExport.Csv;

/**
 * {@code /settings/export}: the member takes their data along (policy 6.1, 6.2) — the archive
 * and each CSV file as a download, made by the same {@link MemberExport} as the API's
 * {@code /api/v1/plutro/export/...}, here for the signed-in browser.
 */
public final class ExportPage {
  static final String PATH = "/settings/export";

  /** A download offered on the page. */
  public record Download(String path, String fileName, String title, String holds) {}

  private static final List<Download> CSV_FILES = List.of(
      csv(Csv.FOLLOWING, "Following", "the accounts you follow"),
      csv(Csv.FOLLOWERS, "Followers", "the accounts that follow you"),
      csv(Csv.LISTS, "Lists", "each of your lists and the accounts in it"),
      csv(Csv.BLOCKS, "Blocked accounts", "the accounts you block"),
      csv(Csv.MUTES, "Muted accounts", "the accounts you mute"),
      csv(Csv.DOMAIN_BLOCKS, "Blocked servers", "the servers you block"),
      csv(Csv.BOOKMARKS, "Bookmarks", "the addresses of the posts you bookmarked"));

  private final Vertx vertx;
  private final Visits visits;
  private final Pages pages;
  private final MemberExport export;

  public ExportPage(Vertx vertx, Visits visits, Pages pages, MemberExport export) {
    this.vertx = vertx;
    this.visits = visits;
    this.pages = pages;
    this.export = export;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    for (Csv file : Csv.values()) {
      router.get(PATH + "/" + file.fileName()).handler(ctx -> csv(ctx, file));
    }
    router.get(PATH + "/archive.zip").handler(this::archive);
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).onSuccess(visit -> pages.send(ctx, "settings/export.jte",
            visit.frame("Export your data"), Map.of("archive", PATH + "/archive.zip", "files", CSV_FILES)))
        .onFailure(ctx::fail);
  }

  private void csv(RoutingContext ctx, Csv file) {
    visits.member(ctx).compose(visit -> export.csv(file, visit.member().id()))
        .onSuccess(text -> Downloads.csv(ctx, file.fileName(), text))
        .onFailure(ctx::fail);
  }

  private void archive(RoutingContext ctx) {
    visits.member(ctx).compose(visit -> export.archive(visit.member()))
        .onSuccess(zip -> Downloads.zip(ctx, vertx, "archive.zip", zip))
        .onFailure(ctx::fail);
  }

  private static Download csv(Csv file, String title, String holds) {
    return new Download(PATH + "/" + file.fileName(), file.fileName(), title, holds);
  }
}

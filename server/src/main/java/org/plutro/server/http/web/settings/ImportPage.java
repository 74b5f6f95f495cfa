package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.ImportService;
import org.plutro.server.store.ImportStore.Progress;

/**
 * {@code /settings/import}: a CSV file (Mastodon's, or our own export's) brought in by the same
 * {@link ImportService} as the API's {@code /api/v1/plutro/import}, merged or overwriting; then
 * each import's progress and outcome.
 */
public final class ImportPage {
  static final String PATH = "/settings/import";
  /** The largest file taken: {@value ImportService#MAX_ROWS} rows of a list file fit easily. */
  static final long MAX_BYTES = 2 * 1024 * 1024;
  /** The kinds of file, as the form offers them. */
  static final Map<String, String> KINDS = kinds();
  private static final Map<String, String> NOTICES = Map.of(
      "started", "The import has started. It runs in the background: see its progress below.");

  /** One kind of file in the form's choice. */
  public record Kind(String value, String label, boolean chosen) {}

  /** An import as the page shows it. */
  public record Imported(String kind, String mode, String started, String startedIso, int total,
      int handled, String outcome, boolean underWay) {}

  /** What the form shows: the choices made and, after a refused file, why. */
  public record Form(List<Kind> kinds, boolean overwrite, String error) {}

  private final Vertx vertx;
  private final Visits visits;
  private final Pages pages;
  private final ImportService imports;

  public ImportPage(Vertx vertx, Visits visits, Pages pages, ImportService imports) {
    this.vertx = vertx;
    this.visits = visits;
    this.pages = pages;
    this.imports = imports;
  }

  /** The upload's own body handler (the file on disk, deleted after), before the general one. */
  public static void mountBodyHandler(Router router, Path dataDir) {
    router.post(PATH).handler(BodyHandler.create(dataDir.resolve("uploads").toString())
        .setBodyLimit(MAX_BYTES + 64 * 1024).setDeleteUploadedFilesOnEnd(true));
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::upload);
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(visit -> send(ctx, visit, 200,
            new Form(kinds("following"), false, null), SeeOther.notice(ctx, NOTICES)))
        .onFailure(ctx::fail);
  }

  private void upload(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      String type = ctx.request().getFormAttribute("type");
      boolean overwrite = "overwrite".equals(ctx.request().getFormAttribute("mode"));
      Form form = new Form(kinds(type), overwrite, null);
      return file(ctx)
          .compose(csv -> imports.start(visit.member(), type == null ? "" : type, overwrite, csv))
          .<Void>map(queued -> {
            SeeOther.to(ctx, PATH, "started");
            return null;
          })
          .recover(failure -> failure instanceof ServiceException refused && refused.status() == 422
              ? send(ctx, visit, 422, new Form(form.kinds(), overwrite, said(refused)), "")
              : Future.failedFuture(failure));
    }).onFailure(ctx::fail);
  }

  /** The chosen file's text; an empty one when none was chosen (refused as naming nothing). */
  private Future<String> file(RoutingContext ctx) {
    FileUpload file = ctx.fileUploads().stream().filter(upload -> "file".equals(upload.name()))
        .findFirst().orElse(null);
    if (file == null || file.size() == 0) {
      return Future.succeededFuture("");
    }
    return vertx.fileSystem().readFile(file.uploadedFileName())
        .map(bytes -> bytes.toString(StandardCharsets.UTF_8));
  }

  private Future<Void> send(RoutingContext ctx, Visit visit, int status, Form form, String notice) {
    return imports.recent(visit.member().id()).map(recent -> {
      List<Imported> shown = recent.stream().map(ImportPage::imported).toList();
      boolean underWay = shown.stream().anyMatch(Imported::underWay);
      pages.send(ctx, status, "settings/import.jte", visit.frame("Import"), Map.of(
          "notice", notice, "form", form, "imports", shown,
          "refresh", underWay));
      return null;
    });
  }

  /** The service's words for a refused file, said of the form's fields. */
  static String said(ServiceException refused) {
    String message = refused.getMessage().replaceFirst("^Validation failed: ", "");
    return message.replaceFirst("^Data ", "The file ").replaceFirst("^Type ", "The kind of file ") + ".";
  }

  private static Imported imported(Progress progress) {
    int handled = Math.min(progress.total(), progress.done() + progress.skipped());
    boolean underWay = progress.queued() > 0;
    String outcome;
    if (underWay) {
      outcome = handled + " of " + progress.total() + " done";
    } else {
      int failed = Math.max(0, progress.total() - handled);
      outcome = "Finished: " + progress.done() + " imported"
          + (progress.skipped() > 0 ? ", " + progress.skipped() + " skipped (not found)" : "")
          + (failed > 0 ? ", " + failed + " failed" : "");
    }
    return new Imported(KINDS.getOrDefault(progress.type(), progress.type()),
        progress.overwrite() ? "Overwrite" : "Merge", Shown.time(progress.createdAt()),
        Shown.iso(progress.createdAt()), progress.total(), underWay ? handled : progress.total(),
        outcome, underWay);
  }

  private static List<Kind> kinds(String chosen) {
    String selected = chosen != null && KINDS.containsKey(chosen) ? chosen : "following";
    return KINDS.entrySet().stream()
        .map(kind -> new Kind(kind.getKey(), kind.getValue(), kind.getKey().equals(selected))).toList();
  }

  private static Map<String, String> kinds() {
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("following", "Accounts you follow (following.csv)");
    kinds.put("blocks", "Blocked accounts (blocks.csv)");
    kinds.put("mutes", "Muted accounts (mutes.csv)");
    kinds.put("domain_blocks", "Blocked servers (domain_blocks.csv)");
    kinds.put("bookmarks", "Bookmarks (bookmarks.csv)");
    kinds.put("lists", "Lists (lists.csv)");
    return kinds;
  }
}

package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.MoveService;
import org.plutro.server.service.PasswordConfirmation;
import org.plutro.server.store.MoveStore;

/**
 * {@code /settings/migration}: the member's other accounts (aliases, "moving here from") and the
 * move to another account, with the password typed again — the same {@link MoveService} as the
 * API's {@code /api/v1/plutro/aliases} and {@code /move}.
 */
public final class MigrationPage {
  static final String PATH = "/settings/migration";
  private static final Map<String, String> NOTICES = Map.of(
      "alias-added", "The alias is added.",
      "alias-removed", "The alias is removed.",
      "moved", "Your account has moved. Your followers here now follow the new account, and the"
          + " servers that know this one have been told.");

  /**
   * What the page shows: the member's handle, where they moved (null if they did not), their
   * aliases, and the forms' values and errors after a refused post.
   */
  public record View(String handle, String movedTo, java.util.List<String> aliases, String notice,
      String aliasValue, String aliasError, String moveValue, String moveError) {}

  private final Visits visits;
  private final Pages pages;
  private final MoveStore moveStore;
  private final MoveService moves;
  private final PasswordConfirmation passwords;
  private final String authority;

  /** {@code authority}: this instance's host[:port], to show the member's full handle. */
  public MigrationPage(Visits visits, Pages pages, MoveStore moveStore, MoveService moves,
      PasswordConfirmation passwords, String authority) {
    this.visits = visits;
    this.pages = pages;
    this.moveStore = moveStore;
    this.moves = moves;
    this.passwords = passwords;
    this.authority = authority;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/aliases").handler(this::addAlias);
    router.post(PATH + "/aliases/remove").handler(this::removeAlias);
    router.post(PATH + "/move").handler(this::move);
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx)
        .compose(visit -> send(ctx, visit, 200, SeeOther.notice(ctx, NOTICES), null, null, null, null))
        .onFailure(ctx::fail);
  }

  private void addAlias(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      String acct = field(ctx, "acct");
      return moves.addAlias(visit.member(), acct)
          .<Void>map(done -> {
            SeeOther.to(ctx, PATH, "alias-added");
            return null;
          })
          .recover(failure -> refused(failure)
              ? send(ctx, visit, 422, "", acct, said(failure), null, null)
              : Future.failedFuture(failure));
    }).onFailure(ctx::fail);
  }

  private void removeAlias(RoutingContext ctx) {
    visits.memberForm(ctx)
        .compose(visit -> moves.removeAlias(visit.member(), field(ctx, "acct")))
        .onSuccess(done -> SeeOther.to(ctx, PATH, "alias-removed"))
        .onFailure(ctx::fail);
  }

  private void move(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      String acct = field(ctx, "acct");
      return passwords.matches(visit.member().id(), ctx.request().getFormAttribute("password"))
          .compose(ok -> ok ? moves.move(visit.member(), acct).<Void>map(target -> {
                SeeOther.to(ctx, PATH, "moved");
                return null;
              })
              : Future.failedFuture(new ServiceException(422,
                  "The password is not right. Nothing was moved.")))
          .recover(failure -> refused(failure)
              ? send(ctx, visit, 422, "", null, null, acct, said(failure))
              : Future.failedFuture(failure));
    }).onFailure(ctx::fail);
  }

  private Future<Void> send(RoutingContext ctx, Visit visit, int status, String notice,
      String aliasValue, String aliasError, String moveValue, String moveError) {
    return moveStore.identity(visit.member().id()).map(identity -> {
      View view = new View("@" + visit.member().username() + "@" + authority, identity.movedTo(),
          identity.alsoKnownAs(), notice, aliasValue, aliasError, moveValue,
          moveError);
      pages.send(ctx, status, "settings/migration.jte", visit.frame("Move your account"),
          Map.of("view", view));
      return null;
    });
  }

  /** A refusal the member can fix: a wrong address or password, an account not found. */
  private static boolean refused(Throwable failure) {
    return failure instanceof ServiceException e && (e.status() == 422 || e.status() == 404);
  }

  /** The service's words, said of the form. */
  static String said(Throwable failure) {
    ServiceException refused = (ServiceException) failure;
    if (refused.status() == 404) {
      return "No account was found at that address. Check it, and that its server is up.";
    }
    String message = refused.getMessage().replaceFirst("^Validation failed: ", "")
        .replaceFirst("^Acct ", "That account ");
    return message.endsWith(".") ? message : message + ".";
  }

  private static String field(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? null : value.strip();
  }
}

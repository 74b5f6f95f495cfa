package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.store.DashboardStore;
import org.plutro.server.store.DashboardStore.Day;
import org.plutro.server.store.DashboardStore.Totals;
import org.plutro.server.store.DashboardStore.Week;
import org.plutro.server.store.QueueStore;
import org.plutro.server.store.QueueStore.Depth;

/**
 * {@code /admin/dashboard} (Mastodon's path): members, active members, local posts, sign-ups and
 * reports over the last weeks, and the delivery queue's health over the last days, as numbers
 * and small charts; the way to the other admin pages.
 */
public final class DashboardPage {
  public static final String PATH = "/admin/dashboard";
  static final int WEEKS = 8;
  static final int DAYS = 14;
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  /** A headline number. */
  public record Stat(String label, String value) {}

  private final Visits visits;
  private final Pages pages;
  private final DashboardStore dashboard;
  private final QueueStore queue;

  public DashboardPage(Visits visits, Pages pages, DashboardStore dashboard, QueueStore queue) {
    this.visits = visits;
    this.pages = pages;
    this.dashboard = dashboard;
    this.queue = queue;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.get("/admin").handler(ctx -> visits.member(ctx).compose(Admins::only)
        .onSuccess(visit -> org.plutro.server.http.web.Notices.redirect(ctx, PATH)).onFailure(ctx::fail));
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only).compose(visit -> Future.all(dashboard.totals(),
        dashboard.weeks(WEEKS), dashboard.days(DAYS), queue.depth()).map(all -> {
          send(ctx, visit, all.resultAt(0), all.resultAt(1), all.resultAt(2), all.resultAt(3));
          return null;
        })).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, Visit visit, Totals totals, List<Week> weeks, List<Day> days,
      Depth depth) {
    Week now = weeks.get(weeks.size() - 1);
    List<Stat> stats = List.of(
        new Stat("Members", Long.toString(totals.members())),
        new Stat("Active this week", Long.toString(now.active())),
        new Stat("Posts this week", Long.toString(now.posts())),
        new Stat("Sign-ups this week", Long.toString(now.signUps())),
        new Stat("Open reports", Long.toString(totals.openReports())),
        new Stat("Deliveries pending", Long.toString(depth.deliveriesPending())),
        new Stat("Oldest delivery waiting", age(depth.deliveriesOldestDueSeconds())),
        new Stat("Oldest job waiting", age(depth.jobsOldestDueSeconds())));
    List<String> weekLabels = weeks.stream().map(week -> "week of " + SHORT.format(week.week())).toList();
    List<String> dayLabels = days.stream().map(day -> SHORT.format(day.day())).toList();
    String lastWeeks = "in the last " + WEEKS + " weeks";
    String lastDays = "in the last " + DAYS + " days";
    List<BarChart> charts = List.of(
        BarChart.of("active", "Active members per week", "member-weeks", weekLabels, of(weeks, Week::active), lastWeeks),
        BarChart.of("posts", "Local posts per week", "posts", weekLabels, of(weeks, Week::posts), lastWeeks),
        BarChart.of("sign-ups", "Sign-ups per week", "sign-ups", weekLabels, of(weeks, Week::signUps), lastWeeks),
        BarChart.of("reports", "Reports per week", "reports", weekLabels, of(weeks, Week::reports), lastWeeks),
        BarChart.of("pending", "Deliveries still pending, by day queued", "deliveries", dayLabels,
            of(days, Day::pending), lastDays),
        BarChart.of("failed", "Deliveries failed, by day queued", "deliveries", dayLabels,
            of(days, Day::failed), lastDays));
    Map<String, Object> params = new HashMap<>();
    params.put("stats", stats);
    params.put("charts", charts);
    pages.send(ctx, "admin/dashboard.jte", visit.frame("Dashboard").hiddenFromSearch(), params);
  }

  private static <T> List<Long> of(List<T> rows, ToLongFunction<T> value) {
    return rows.stream().map(row -> value.applyAsLong(row)).toList();
  }

  /** Seconds as a person reads them: "none", "42 s", "5 min", "3 h", "2 days". */
  static String age(double seconds) {
    long s = Math.round(seconds);
    if (s <= 0) {
      return "none";
    }
    return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s < 172800 ? s / 3600 + " h" : s / 86400 + " days";
  }
}

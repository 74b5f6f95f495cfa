package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Filter;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Visit;
import org.plutro.server.service.FilterRules;
import org.plutro.server.store.FilterStore;
import org.plutro.server.store.FilterStore.Changes;
import org.plutro.server.store.FilterStore.KeywordChange;

/**
 * {@code /settings/filters}: a member's filters (the v2 filters API's), listed, added, edited and
 * deleted; validated by {@link FilterRules}, the API's own rules.
 */
public final class FilterSettings {
  public static final String PATH = "/settings/filters";

  private final SettingsPage page;
  private final FilterStore filters;

  public FilterSettings(SettingsPage page, FilterStore filters) {
    this.page = page;
    this.filters = filters;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::list);
    router.get(PATH + "/new").handler(ctx -> page.member(ctx)
        .onSuccess(visit -> form(ctx, 200, visit, FilterForm.blank(), Form.empty()))
        .onFailure(ctx::fail));
    router.post(PATH).handler(ctx -> save(ctx, null));
    router.get(PATH + "/:id/edit").handler(this::edit);
    router.post(PATH + "/:id").handler(ctx -> save(ctx, Params.parseId(ctx.pathParam("id"))));
    router.post(PATH + "/:id/delete").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    page.member(ctx).compose(visit -> filters.owned(visit.member().id()).map(owned -> {
      page.send(ctx, visit, "filters.jte", "Filters",
          Map.of("filters", owned.stream().map(FilterForm::listed).toList()));
      return null;
    })).onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    page.member(ctx).compose(visit -> owned(id, visit).map(filter -> {
      form(ctx, 200, visit, FilterForm.of(filter), Form.empty());
      return null;
    })).onFailure(ctx::fail);
  }

  /** Creates ({@code id} null) or updates the member's filter from the form. */
  private void save(RoutingContext ctx, Long id) {
    page.form(ctx).compose(visit -> (id == null ? Future.succeededFuture((Filter) null)
        : owned(id, visit)).map(existing -> {
          MultiMap form = ctx.request().formAttributes();
          List<Map<String, String>> items = keywordItems(Params.of(ctx));
          String expiresIn = form.get("expires_in");
          boolean keep = existing != null && FilterForm.KEEP.equals(expiresIn);
          try {
            List<KeywordChange> keywords = FilterRules.keywordChanges(items, existing == null);
            Changes changes = FilterRules.changes(form.get("title"), form.getAll("context"),
                form.get("filter_action"), keep ? null : FilterForm.KEEP.equals(expiresIn) ? "" : expiresIn,
                existing);
            stored(visit, id, changes, keywords)
                .onSuccess(done -> page.done(ctx, PATH, Notice.FILTER_SAVED))
                .onFailure(ctx::fail);
          } catch (ServiceException refused) {
            SettingsPage.refused(ctx, refused, errors -> form(ctx, 422, visit,
                FilterForm.sent(id, form.get("title"), form.getAll("context"),
                    form.get("filter_action"), expiresIn,
                    existing == null ? null : FilterForm.expiry(existing), items), errors));
          }
          return null;
        })).onFailure(ctx::fail);
  }

  private Future<Void> stored(Visit visit, Long id, Changes changes, List<KeywordChange> keywords) {
    long member = visit.member().id();
    return id == null ? filters.insert(member, changes, keywords).mapEmpty()
        : filters.update(id, member, changes, keywords).mapEmpty();
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    page.form(ctx).compose(visit -> owned(id, visit)
            .compose(filter -> filters.delete(id, visit.member().id())
                .mapEmpty()))
        .onSuccess(done -> page.done(ctx, PATH, Notice.FILTER_DELETED))
        .onFailure(ctx::fail);
  }

  private Future<Filter> owned(long id, Visit visit) {
    return filters.one(id, visit.member().id()).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private void form(RoutingContext ctx, int status, Visit visit, FilterForm form, Form errors) {
    Map<String, Object> params = new HashMap<>();
    params.put("form", form);
    params.put("errors", errors);
    page.send(ctx, status, visit, "filter.jte", form.id() == null ? "New filter" : "Edit filter",
        params);
  }

  /**
   * The keyword rows as {@link FilterRules} reads them, with the form's meaning: an unticked
   * "whole word" box is false, an empty new row is no keyword, and emptying a kept keyword
   * removes it.
   */
  static List<Map<String, String>> keywordItems(Params params) {
    List<Map<String, String>> items = new ArrayList<>();
    for (Map<String, String> sent : params.nested("keywords_attributes")) {
      Map<String, String> item = new LinkedHashMap<>(sent);
      boolean kept = item.get("id") != null && !item.get("id").isBlank();
      boolean empty = item.get("keyword") == null || item.get("keyword").isBlank();
      if (!kept && empty) {
        continue;
      }
      item.putIfAbsent("whole_word", "0");
      if (kept && empty) {
        item.put("_destroy", "1");
      }
      items.add(item);
    }
    return items;
  }
}

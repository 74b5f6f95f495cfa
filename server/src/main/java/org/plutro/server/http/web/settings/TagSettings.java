package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.api.TagEntity;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Visit;
import org.plutro.server.store.Page;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.uri.Uris;

/**
 * {@code /settings/tags}: the hashtags a member follows (their posts come to the home timeline),
 * a form to follow one by name and a button to unfollow each, as the API's
 * {@code /api/v1/tags/:name/follow|unfollow}.
 */
public final class TagSettings {
  public static final String PATH = "/settings/tags";
  private static final int PAGE_SIZE = 100;

  /** A followed hashtag: its name and its page. */
  public record FollowedTag(String name, String url) {}

  private final SettingsPage page;
  private final TagStore tags;
  private final Uris uris;

  public TagSettings(SettingsPage page, TagStore tags, Uris uris) {
    this.page = page;
    this.tags = tags;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(PATH).handler(ctx -> page.member(ctx)
        .onSuccess(visit -> show(ctx, 200, visit, "", Form.empty())).onFailure(ctx::fail));
    router.post(PATH).handler(this::follow);
    router.post(PATH + "/unfollow").handler(this::unfollow);
  }

  private void show(RoutingContext ctx, int status, Visit visit, String typed, Form errors) {
    Page list = SettingsPage.page(ctx, PAGE_SIZE);
    tags.followed(visit.member().id(), list).onSuccess(found -> {
      Map<String, Object> params = new HashMap<>();
      params.put("tags", found.stream().map(Map.Entry::getValue)
          .map(tag -> new FollowedTag(tag.name(), uris.tag(tag.name()))).toList());
      List<Long> cursors = found.stream().map(Map.Entry::getKey).toList();
      params.put("next", SettingsPage.next(PATH, list, cursors));
      params.put("typed", typed);
      params.put("errors", errors);
      page.send(ctx, status, visit, "tags.jte", "Followed hashtags", params);
    }).onFailure(ctx::fail);
  }

  private void follow(RoutingContext ctx) {
    page.form(ctx).onSuccess(visit -> {
      String typed = ctx.request().getFormAttribute("name");
      String name = name(typed);
      if (!TagEntity.validName(name)) {
        show(ctx, 422, visit, typed == null ? "" : typed, Form.empty().withError("name", "Use letters, digits and underscores, with at least one letter."));
        return;
      }
      tags.findOrCreate(name).compose(tag -> tags.follow(visit.member().id(), tag.id()).map(tag))
          .onSuccess(tag -> page.done(ctx, PATH, Notice.TAG_FOLLOWED, tag.name()))
          .onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private void unfollow(RoutingContext ctx) {
    page.form(ctx).compose(visit -> {
      String name = name(ctx.request().getFormAttribute("name"));
      Future<Tag> tag = TagEntity.validName(name) ? tags.byName(name).compose(found -> found
          .map(Future::succeededFuture)
          .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
          : Future.failedFuture(ServiceException.notFound("Record not found"));
      return tag.compose(found -> tags.unfollow(visit.member().id(), found.id()).map(found));
    }).onSuccess(tag -> page.done(ctx, PATH, Notice.TAG_UNFOLLOWED, tag.name()))
        .onFailure(ctx::fail);
  }

  /** The name typed, without the # people often type. */
  private static String name(String typed) {
    if (typed == null) {
      return null;
    }
    String name = typed.strip();
    return name.startsWith("#") ? name.substring(1) : name;
  }
}

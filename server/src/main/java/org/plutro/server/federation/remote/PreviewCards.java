package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.HttpResult;
import org.plutro.server.domain.PreviewCard;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.PreviewCardStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.text.CardLinks;
import org.plutro.server.text.CardPage;
import org.plutro.server.text.CleanHtml;
import org.plutro.server.uri.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link previews, as Mastodon's FetchLinkCardService: once a public or unlisted post is stored or
 * edited (ours or another server's), a durable job finds its first link ({@link CardLinks}), and
 * shows the card kept for that URL, fetched again ({@link CardPage}) when it is missing or older
 * than {@code refreshAfter}. The remote posts an inbox stores together share one job ({@link
 * #BATCH_JOB}), whose links are found as it is queued: it reads the cards of all its links in one
 * statement and writes what they show in one transaction (a job per post made three commits
 * each). Pages come through the SSRF guard, within the client's size and time limits, only when
 * they are {@code text/html}; sites of suspended domains are never asked. A page that cannot be
 * read leaves the post without a card: never retried, never an error for the post.
 * Private and direct posts are never looked at: their links would tell the site who reads them.
 */
public final class PreviewCards {
  public static final String JOB = "status.fetch_card";
  /** New remote posts stored together, with their links: {@code statuses} and {@code links}. */
  public static final String BATCH_JOB = "status.fetch_cards";
  private static final Logger LOG = LoggerFactory.getLogger(PreviewCards.class);

  private final StatusStore statuses;
  private final PreviewCardStore cards;
  private final FederationHttpClient http;
  private final DomainBlocks domainBlocks;
  private final Uris uris;
  private final Duration refreshAfter;

  /** {@code http}: a client whose limits (time, 1 MB) suit pages, not only ActivityPub documents. */
  public PreviewCards(StatusStore statuses, PreviewCardStore cards, FederationHttpClient http,
      DomainBlocks domainBlocks, Uris uris, Duration refreshAfter) {
    this.statuses = statuses;
    this.cards = cards;
    this.http = http;
    this.domainBlocks = domainBlocks;
    this.uris = uris;
    this.refreshAfter = refreshAfter;
  }

  /** Whether a post may get a card: public or unlisted, not a share, with a link in it. */
  public static boolean wants(Status status) {
    return shown(status) && status.reblogOfId() == null && CardLinks.any(status.content());
  }

  /** Public or unlisted: the posts whose links may be looked at. */
  private static boolean shown(Status status) {
    return status.visibility() == Visibility.PUBLIC || status.visibility() == Visibility.UNLISTED;
  }

  /**
   * Queues the look at a post just stored, if it {@link #wants} a card, or just edited (its link
   * may be gone or changed); in the caller's transaction.
   */
  public static Future<Void> schedule(SqlClient tx, Status status, boolean edited) {
    return wants(status) || edited && shown(status)
        ? JobStore.scheduleOnce(tx, JOB, Long.toString(status.id()), 0) : Future.succeededFuture();
  }

  /** A remote post just stored, with its text as cleaned (its links found then). */
  public record NewPost(Status status, CleanHtml content) {}

  /**
   * Queues one look at the first links of these new posts (by id) that may get a card (public or
   * unlisted, not shares); in the caller's transaction. {@code uris} tells this instance's links, which get no card.
   */
  public static Future<Void> scheduleNew(SqlClient tx, Uris uris, Map<Long, NewPost> posts) {
    JsonArray ids = new JsonArray();
    JsonArray links = new JsonArray();
    posts.forEach((id, post) -> {
      Status status = post.status();
      if (shown(status) && status.reblogOfId() == null) {
        post.content().cardLink(skipped(uris, status)).ifPresent(link -> {
          ids.add(id);
          links.add(link);
        });
      }
    });
    return ids.isEmpty() ? Future.succeededFuture()
        : JobStore.queue(tx, BATCH_JOB, new JsonObject().put("statuses", ids).put("links", links));
  }

  /**
   * The batch job: each new post shows the card of its link, if there is one. A post has no card
   * yet, so there is nothing to take away; one deleted or edited since is left alone (an edit
   * queues a look of its own).
   */
  public Future<Void> runNew(JsonObject payload) {
    JsonArray ids = payload.getJsonArray("statuses");
    JsonArray links = payload.getJsonArray("links");
    Map<String, List<Long>> postsByLink = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!domainBlocks.isSuspendedUrl(links.getString(i))) {
        postsByLink.computeIfAbsent(links.getString(i), link -> new ArrayList<>()).add(ids.getLong(i));
      }
    }
    if (postsByLink.isEmpty()) {
      return Future.succeededFuture();
    }
    return cards.byUrls(postsByLink.keySet()).compose(kept -> {
      List<Future<Shown>> shown = new ArrayList<>();
      postsByLink.keySet().forEach(url -> shown.add(shown(url, Optional.ofNullable(kept.get(url)))));
      return Future.all(shown).compose(all -> {
        List<PreviewCard> fetched = new ArrayList<>();
        Map<String, List<Long>> attached = new LinkedHashMap<>();
        shown.forEach(each -> each.result().card().ifPresent(card -> {
          if (each.result().fetched()) {
            fetched.add(card);
          }
          attached.put(card.url(), postsByLink.get(card.url()));
        }));
        return attached.isEmpty() ? Future.succeededFuture() : cards.saveAndAttachNew(fetched, attached);
      });
    });
  }

  /** The card a link shows, if any, and whether it was fetched now (to be kept). */
  private record Shown(Optional<PreviewCard> card, boolean fetched) {}

  /** The card kept for {@code url} while fresh, else fetched, else the one kept, however old. */
  private Future<Shown> shown(String url, Optional<PreviewCard> kept) {
    return fresh(kept) ? Future.succeededFuture(new Shown(kept, false))
        // Unreadable now: an older card of the same URL is better than none.
        : fetch(url).map(card -> card.isPresent() ? new Shown(card, true) : new Shown(kept, false));
  }

  /** The job: the post shows the card of its first link, or none. */
  public Future<Void> run(JsonObject payload) {
    long statusId = Long.parseLong(payload.getString("subject"));
    return statuses.byId(statusId).compose(found -> {
      Status status = found.orElse(null);
      if (status == null || status.isDeleted() || !wants(status)) {
        return status == null ? Future.succeededFuture() : cards.detach(statusId);
      }
      Optional<String> link = CardLinks.first(status.content(), skipped(uris, status));
      if (link.isEmpty() || domainBlocks.isSuspendedUrl(link.get())) {
        return cards.detach(statusId);
      }
      String url = link.get();
      return cards.byUrl(url).compose(kept -> fresh(kept)
          ? cards.attach(statusId, url)
          : fetch(url).compose(card -> card.isPresent() ? cards.saveAndAttach(statusId, card.get())
              // Unreadable now: an older card of the same URL is better than none.
              : kept.isPresent() ? cards.attach(statusId, url) : cards.detach(statusId)));
    });
  }

  /** Links to this instance and to the post's own server get no card (they are posts and profiles). */
  private static Set<String> skipped(Uris uris, Status status) {
    Set<String> skipped = new HashSet<>();
    skipped.add(CardLinks.authority(URI.create(uris.base())));
    skipped.add(authorityOf(status.uri()));
    return skipped;
  }

  private static String authorityOf(String uri) {
    try {
      URI parsed = URI.create(uri);
      return parsed.getHost() == null ? "" : CardLinks.authority(parsed);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private boolean fresh(Optional<PreviewCard> kept) {
    return kept.isPresent() && kept.get().fetchedAt() != null
        && kept.get().fetchedAt().isAfter(OffsetDateTime.now().minus(refreshAfter));
  }

  /** The card the page at {@code url} makes: from its oEmbed answer if it has one, else its tags. */
  Future<Optional<PreviewCard>> fetch(String url) {
    URI uri = URI.create(url);
    return http.get(uri, "text/html").compose(page -> {
      if (page.status() != 200 || !isHtml(page)) {
        return Future.succeededFuture(Optional.<PreviewCard>empty());
      }
      CardPage.Read read = CardPage.read(page.body(), charset(page), url);
      Future<Optional<PreviewCard>> embedded = read.oEmbed().isPresent()
          && !domainBlocks.isSuspendedUrl(read.oEmbed().get().toString())
          ? oEmbed(read.oEmbed().get(), read.card()) : Future.succeededFuture(Optional.empty());
      return embedded.map(card -> card.or(() -> Optional.of(read.card())).map(this::withAllowedImage)
          .filter(c -> !c.isEmpty()));
    }).recover(failure -> {
      LOG.debug("No preview for {}: {}", url, failure.toString());
      return Future.succeededFuture(Optional.empty());
    });
  }

  private Future<Optional<PreviewCard>> oEmbed(URI endpoint, PreviewCard fromTags) {
    return http.get(endpoint, "application/json").map(answer -> {
      if (answer.status() != 200) {
        return Optional.<PreviewCard>empty();
      }
      JsonObject embed = new JsonObject(new String(answer.body(), StandardCharsets.UTF_8));
      return CardPage.fromOEmbed(embed, endpoint, fromTags);
    }).recover(failure -> {
      LOG.debug("No oEmbed at {}: {}", endpoint, failure.toString());
      return Future.succeededFuture(Optional.empty());
    });
  }

  /** No picture from a server whose media the admins refuse. */
  private PreviewCard withAllowedImage(PreviewCard card) {
    if (card.imageUrl() == null || !refusesMedia(card.imageUrl())) {
      return card;
    }
    return new PreviewCard(card.url(), card.type(), card.title(), card.description(), card.authorName(),
        card.authorUrl(), card.providerName(), card.providerUrl(), card.html(), null, card.width(),
        card.height(), card.embedUrl(), card.language(), card.publishedAt(), card.blurhash(),
        card.fetchedAt());
  }

  private boolean refusesMedia(String url) {
    String authority = authorityOf(url);
    return authority.isEmpty() || domainBlocks.rejectsMedia(authority);
  }

  private static boolean isHtml(HttpResult page) {
    String type = page.headers().get("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).strip().startsWith("text/html");
  }

  /** The Content-Type's charset, or null (jsoup then reads the page's own {@code <meta charset>}). */
  private static String charset(HttpResult page) {
    String type = page.headers().get("Content-Type");
    if (type == null) {
      return null;
    }
    for (String part : type.split(";")) {
      String p = part.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        return p.substring("charset=".length()).replace("\"", "").strip();
      }
    }
    return null;
  }
}

package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.federation.vocab.Tag;
import org.plutro.server.domain.CustomEmoji;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.store.CustomEmojiStore.Remote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom emoji another server's posts and actors carry ({@code Emoji} tags: a name
 * {@code :shortcode:}, an {@code icon} image), recorded under the author's domain so that their
 * texts show them. A bad tag (no image, a bad shortcode, an image that is not an image) is left
 * out, at most {@link #MAX_PER_OBJECT} are read, and a failure to record them never fails the
 * post or actor that carries them.
 */
public final class RemoteEmojis {
  static final int MAX_PER_OBJECT = 50;
  private static final Logger LOG = LoggerFactory.getLogger(RemoteEmojis.class);
  // What browsers show in an <img>; SVG is left out (scripts, and Mastodon does not take it either).
  private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/gif", "image/webp",
      "image/jpeg", "image/avif", "image/apng");

  private final CustomEmojiStore store;
  private final DomainBlocks domainBlocks;

  public RemoteEmojis(CustomEmojiStore store, DomainBlocks domainBlocks) {
    this.store = store;
    this.domainBlocks = domainBlocks;
  }

  /** Records the emoji among {@code tags} as {@code domain}'s; always succeeds. */
  public Future<Void> take(String domain, List<? extends Tag> tags) {
    if (domain == null || tags == null || tags.stream().noneMatch(Tag.Emoji.class::isInstance)
        // As Mastodon: a domain whose media the admins reject shows no images here, emoji neither.
        || domainBlocks.rejectsMedia(domain)) {
      return Future.succeededFuture();
    }
    List<Remote> emojis = read(tags);
    return store.upsertRemote(domain, emojis)
        .recover(e -> {
          LOG.warn("could not record {} emoji of {}: {}", emojis.size(), domain, e.toString());
          return Future.succeededFuture();
        });
  }

  /** The valid emoji among the tags, one per shortcode (the first), at most {@link #MAX_PER_OBJECT}. */
  static List<Remote> read(List<? extends Tag> tags) {
    Map<String, Remote> emojis = new LinkedHashMap<>();
    for (Tag tag : tags) {
      if (emojis.size() >= MAX_PER_OBJECT) {
        break;
      }
      if (tag instanceof Tag.Emoji emoji) {
        Remote remote = read(emoji);
        if (remote != null) {
          emojis.putIfAbsent(remote.shortcode(), remote);
        }
      }
    }
    return new ArrayList<>(emojis.values());
  }

  private static Remote read(Tag.Emoji emoji) {
    String name = emoji.name() == null ? "" : emoji.name().strip();
    String shortcode = name.startsWith(":") && name.endsWith(":") && name.length() > 2
        ? name.substring(1, name.length() - 1) : name;
    String url = emoji.icon() == null ? null : emoji.icon().href();
    String type = emoji.icon() == null ? null : emoji.icon().mediaType();
    if (!CustomEmoji.validShortcode(shortcode) || !isWebUrl(url)
        || (type != null && !IMAGE_TYPES.contains(type.toLowerCase()))) {
      return null;
    }
    return new Remote(shortcode, url, type, isWebUrl(emoji.id()) ? emoji.id() : null,
        emoji.updated() == null ? null : emoji.updated().atOffset(ZoneOffset.UTC));
  }

  private static boolean isWebUrl(String url) {
    if (url == null || url.length() > 2048) {
      return false;
    }
    try {
      URI uri = new URI(url);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}

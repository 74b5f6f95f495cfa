package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry of a {@code tag} list: a {@link Mention}, a {@link Hashtag}, a custom {@link Emoji},
 * or anything else ({@link Other}: FEP-e232 object links, PeerTube's tags...) kept as sent.
 */
public sealed interface Tag permits Tag.Mention, Tag.Hashtag, Tag.Emoji, Tag.Other {
  JsonObject toJson();

  /** {@code href} is the mentioned actor's id; {@code name} its handle ({@code @alice@host}). */
  record Mention(String href, String name) implements Tag {
    @Override
    public JsonObject toJson() {
      return new Out().put("type", "Mention").put("href", href).put("name", name).done(new JsonObject());
    }
  }

  /** {@code name} with its {@code #}, as Mastodon writes it; {@code href} a web page of the tag. */
  record Hashtag(String href, String name) implements Tag {
    @Override
    public JsonObject toJson() {
      return new Out().put("type", "Hashtag").put("href", href).put("name", name).done(new JsonObject());
    }

    /** The name without its leading {@code #}. */
    public String bareName() {
      return name != null && name.startsWith("#") ? name.substring(1) : name;
    }
  }

  /** A custom emoji: {@code name} is the shortcode with its colons, {@code icon} the image. */
  record Emoji(String id, String name, Media icon, Instant updated) implements Tag {
    @Override
    public JsonObject toJson() {
      return new Out().put("id", id).put("type", "Emoji").put("name", name)
          .put("icon", icon == null ? null : icon.toJson(false)).instant("updated", updated)
          .done(new JsonObject());
    }
  }

  /**
   * Another kind of tag, e.g. a FEP-e232 {@code Link} to a quoted post ({@code mediaType} an
   * ActivityStreams type, {@code rel} Misskey's quote relation).
   */
  record Other(List<String> types, String href, String name, String mediaType, List<String> rel,
      JsonObject extra) implements Tag {
    public Other {
      types = List.copyOf(types);
      rel = List.copyOf(rel);
      extra = extra == null ? new JsonObject() : extra.copy();
    }

    @Override
    public JsonObject extra() {
      return extra.copy();
    }

    /** A FEP-e232 link to an ActivityStreams object (what quotes are sent as, besides the properties). */
    public boolean isObjectLink() {
      return mediaType != null && (mediaType.startsWith("application/activity+json")
          || (mediaType.startsWith("application/ld+json") && mediaType.contains("activitystreams")));
    }

    @Override
    public JsonObject toJson() {
      Out out = new Out().types(types).put("href", href).put("name", name).put("mediaType", mediaType);
      return out.oneOrMany("rel", rel, r -> r).done(extra);
    }
  }

  static Tag read(Props props) {
    List<String> types = props.types();
    String type = types.isEmpty() ? "" : types.get(0);
    return switch (type) {
      case "Mention" -> readMention(props);
      case "Hashtag" -> new Hashtag(props.string("href"), props.string("name"));
      case "Emoji" -> new Emoji(props.uri("id"), props.string("name"),
          Media.readIcon(props, "icon"), props.instant("updated"));
      default -> {
        String href = props.string("href");
        String name = props.string("name");
        String mediaType = props.string("mediaType");
        List<Object> values = props.values("rel");
        List<String> rel = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
          rel.add(Props.text(props.item("rel", i), values.get(i)));
        }
        yield new Other(types, href, name, mediaType, rel, props.extra());
      }
    };
  }

  private static Mention readMention(Props props) {
    return new Mention(props.uri("href"), props.string("name"));
  }
}

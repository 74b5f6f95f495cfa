package org.plutro.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed ActivityStreams vocabulary at the federation boundary. Incoming: normalise the body
 * ({@link org.plutro.federation.jsonld.JsonLdNormalizer}), then {@link #parse} once and read
 * records; a document whose modelled properties are malformed is a {@link VocabException} naming
 * the property (but a post's tag or attachment that cannot be read is left out, the post kept).
 * Outgoing: build records and write them with {@link AsObject#toJson()}, which adds
 * our {@code @context} (the terms we use defined inline, never a context URL of ours).
 *
 * <p>Which record a document becomes: by its first type we know ({@link Activity},
 * {@link Actor}, {@link Note} for posts, {@link Collection}, {@link Tombstone}); an unknown type
 * with an {@code actor} is read as an activity, any other as an {@link OtherObject}.
 */
public final class Vocab {
  public static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

  public static final Set<String> ACTIVITY_TYPES = Set.of("Accept", "Add", "Announce", "Arrive", "Block",
      "Create", "Delete", "Dislike", "Flag", "Follow", "Ignore", "Invite", "Join", "Leave", "Like",
      "Listen", "Move", "Offer", "Read", "Reject", "Remove", "TentativeAccept", "TentativeReject",
      "Travel", "Undo", "Update", "View", "EmojiReact", "QuoteRequest");
  public static final Set<String> POST_TYPES = Set.of("Note", "Question", "Article", "Page", "Image",
      "Video", "Audio", "Event", "Document", "ChatMessage");
  public static final Set<String> COLLECTION_TYPES = Set.of("Collection", "OrderedCollection",
      "CollectionPage", "OrderedCollectionPage");

  /** What our notes and activities carry (the server mapper's shape: Mastodon's terms, GoToSocial's policy terms). */
  private static final JsonArray POST_CONTEXT = new JsonArray()
      .add("https://www.w3.org/ns/activitystreams")
      .add(new JsonObject()
          .put("sensitive", "as:sensitive")
          .put("Hashtag", "as:Hashtag")
          .put("toot", "http://joinmastodon.org/ns#")
          .put("blurhash", "toot:blurhash")
          .put("votersCount", "toot:votersCount")
          .put("focalPoint", new JsonObject().put("@container", "@list").put("@id", "toot:focalPoint"))
          .put("gts", "https://gotosocial.org/ns#")
          .put("interactionPolicy", gts("interactionPolicy"))
          .put("canLike", gts("canLike"))
          .put("canReply", gts("canReply"))
          .put("canAnnounce", gts("canAnnounce"))
          .put("automaticApproval", gts("automaticApproval"))
          .put("manualApproval", gts("manualApproval"))
          .put("always", gts("always"))
          .put("approvalRequired", gts("approvalRequired")));

  /** What actor documents carry: keys (security, Multikey), Mastodon's profile terms. */
  private static final JsonArray ACTOR_CONTEXT = new JsonArray()
      .add("https://www.w3.org/ns/activitystreams")
      .add("https://w3id.org/security/v1")
      .add("https://w3id.org/security/data-integrity/v1")
      .add("https://www.w3.org/ns/did/v1")
      .add("https://w3id.org/security/multikey/v1")
      .add(new JsonObject()
          .put("manuallyApprovesFollowers", "as:manuallyApprovesFollowers")
          .put("alsoKnownAs", new JsonObject().put("@id", "as:alsoKnownAs").put("@type", "@id"))
          .put("movedTo", new JsonObject().put("@id", "as:movedTo").put("@type", "@id"))
          .put("toot", "http://joinmastodon.org/ns#")
          .put("featured", new JsonObject().put("@id", "toot:featured").put("@type", "@id"))
          .put("discoverable", "toot:discoverable")
          .put("indexable", "toot:indexable")
          .put("suspended", "toot:suspended")
          .put("schema", "http://schema.org#")
          .put("PropertyValue", "schema:PropertyValue")
          .put("value", "schema:value"));

  /**
   * Terms written only when a document uses them (so that documents without them carry exactly
   * the context Plutro has always sent), by the property name or type that needs them.
   */
  private static final Map<String, Map<String, Object>> ON_DEMAND = new LinkedHashMap<>();

  static {
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("quote", "https://w3id.org/fep/044f#quote");
    quote.put("quoteUri", "http://fedibird.com/ns#quoteUri");
    quote.put("_misskey_quote", "https://misskey-hub.net/ns#_misskey_quote");
    ON_DEMAND.put("quote", quote);
    ON_DEMAND.put("quoteAuthorization", Map.of("quoteAuthorization",
        new JsonObject().put("@id", "https://w3id.org/fep/044f#quoteAuthorization").put("@type", "@id")));
    ON_DEMAND.put("canQuote", Map.of("gts", "https://gotosocial.org/ns#", "canQuote", gts("canQuote")));
    ON_DEMAND.put("QuoteRequest", Map.of("QuoteRequest", "https://w3id.org/fep/044f#QuoteRequest"));
    ON_DEMAND.put("QuoteAuthorization", Map.of("QuoteAuthorization",
        "https://w3id.org/fep/044f#QuoteAuthorization"));
    ON_DEMAND.put("interactingObject", Map.of("gts", "https://gotosocial.org/ns#",
        "interactingObject", gts("interactingObject")));
    ON_DEMAND.put("interactionTarget", Map.of("gts", "https://gotosocial.org/ns#",
        "interactionTarget", gts("interactionTarget")));
    ON_DEMAND.put("interactionPolicy", Map.of("gts", "https://gotosocial.org/ns#",
        "interactionPolicy", gts("interactionPolicy"), "canLike", gts("canLike"), "canReply", gts("canReply"),
        "canAnnounce", gts("canAnnounce"), "automaticApproval", gts("automaticApproval"),
        "manualApproval", gts("manualApproval"), "always", gts("always"),
        "approvalRequired", gts("approvalRequired")));
    ON_DEMAND.put("memorial", Map.of("toot", "http://joinmastodon.org/ns#", "memorial", "toot:memorial"));
    ON_DEMAND.put("featuredTags", Map.of("toot", "http://joinmastodon.org/ns#",
        "featuredTags", new JsonObject().put("@id", "toot:featuredTags").put("@type", "@id")));
    ON_DEMAND.put("Emoji", Map.of("toot", "http://joinmastodon.org/ns#", "Emoji", "toot:Emoji"));
    ON_DEMAND.put("Hashtag", Map.of("Hashtag", "as:Hashtag"));
    ON_DEMAND.put("sensitive", Map.of("sensitive", "as:sensitive"));
    ON_DEMAND.put("blurhash", Map.of("toot", "http://joinmastodon.org/ns#", "blurhash", "toot:blurhash"));
    ON_DEMAND.put("focalPoint", Map.of("toot", "http://joinmastodon.org/ns#", "focalPoint",
        new JsonObject().put("@container", "@list").put("@id", "toot:focalPoint")));
    ON_DEMAND.put("votersCount", Map.of("toot", "http://joinmastodon.org/ns#", "votersCount", "toot:votersCount"));
  }

  private Vocab() {}

  private static JsonObject gts(String term) {
    return new JsonObject().put("@id", "gts:" + term).put("@type", "@id");
  }

  // ---- reading

  /**
   * A normalised document as its record. Its {@code id} is required (a document on its own always
   * has one).
   *
   * @throws VocabException when a modelled property is missing or malformed
   */
  public static AsObject parse(JsonObject normalised) {
    if (normalised == null) {
      throw new VocabException("document", "missing");
    }
    AsObject object = read(Props.of(normalised));
    if (object.id() == null) {
      throw new VocabException("id", "missing");
    }
    return object;
  }

  /** A normalised document as the normaliser gives it (a Jackson tree). */
  public static AsObject parse(com.fasterxml.jackson.databind.node.ObjectNode normalised) {
    if (normalised == null) {
      throw new VocabException("document", "missing");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = org.plutro.federation.jsonld.JsonLdNormalizer.MAPPER.convertValue(normalised, Map.class);
    return parse(new JsonObject(map));
  }

  /** A normalised document that must be an activity. */
  public static Activity parseActivity(JsonObject normalised) {
    return expect(parse(normalised), Activity.class, "an activity");
  }

  /** A normalised document that must be an actor. */
  public static Actor parseActor(JsonObject normalised) {
    return expect(parse(normalised), Actor.class, "an actor");
  }

  /** A normalised document that must be a post (Note, Question, Article...). */
  public static Note parseNote(JsonObject normalised) {
    return expect(parse(normalised), Note.class, "a post");
  }

  /** A normalised document that must be a collection or a collection page. */
  public static Collection parseCollection(JsonObject normalised) {
    return expect(parse(normalised), Collection.class, "a collection");
  }

  /**
   * A normalised document a client posts to its outbox (client-to-server): an activity or the
   * object to create. The server gives the ids, so neither it nor an object it embeds needs one,
   * and an activity may leave out its actor (the poster); what is there is read as in {@link #parse}.
   *
   * @throws VocabException when a property is malformed, or a required one other than those is missing
   */
  public static AsObject parseDraft(JsonObject normalised) {
    if (normalised == null) {
      throw new VocabException("document", "missing");
    }
    return read(Props.draft(normalised));
  }

  private static <T extends AsObject> T expect(AsObject object, Class<T> kind, String what) {
    if (!kind.isInstance(object)) {
      throw new VocabException("type", "expected " + what + ", got " + describe(object.types()));
    }
    return kind.cast(object);
  }

  private static String describe(List<String> types) {
    if (types.isEmpty()) {
      return "no type";
    }
    String type = types.get(0);
    return type.length() > 64 || !type.matches("[A-Za-z0-9:_#./-]+") ? "another type" : type;
  }

  /** The record for an object whatever its kind (an activity's object, a collection's item). */
  static AsObject read(Props props) {
    List<String> types = props.types();
    for (String type : types) {
      if (ACTIVITY_TYPES.contains(type)) {
        return Activity.read(props);
      }
      if (Actor.TYPES.contains(type)) {
        return Actor.read(props);
      }
      if (POST_TYPES.contains(type)) {
        return Note.read(props);
      }
      if (COLLECTION_TYPES.contains(type)) {
        return Collection.read(props);
      }
      if (type.equals("Tombstone")) {
        return Tombstone.read(props);
      }
    }
    if (props.has("actor") && props.has("object")) {
      return Activity.read(props);
    }
    return OtherObject.read(props);
  }

  // ---- writing

  /**
   * The object as a document: our {@code @context} first (the actor context for an actor, or an
   * activity carrying one), then its properties.
   */
  static JsonObject document(AsObject object) {
    JsonObject body = object.toJsonEmbedded();
    boolean actor = object instanceof Actor
        || object instanceof Activity activity && activity.embeddedObject(Actor.class).isPresent();
    JsonArray context = (actor ? ACTOR_CONTEXT : POST_CONTEXT).copy();
    JsonObject terms = context.getJsonObject(context.size() - 1);
    addTermsUsed(body, terms, 0);
    JsonObject document = new JsonObject().put("@context", context);
    body.forEach(entry -> document.put(entry.getKey(), entry.getValue()));
    return document;
  }

  private static void addTermsUsed(Object value, JsonObject terms, int depth) {
    if (depth > 64) {
      return;
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        define(entry.getKey(), terms);
        if (entry.getKey().equals("type") && entry.getValue() instanceof String type) {
          define(type, terms);
        }
        addTermsUsed(entry.getValue(), terms, depth + 1);
      }
    } else if (value instanceof JsonArray array) {
      for (Object item : array) {
        addTermsUsed(item, terms, depth + 1);
      }
    }
  }

  private static void define(String name, JsonObject terms) {
    Map<String, Object> needed = ON_DEMAND.get(name);
    if (needed != null) {
      needed.forEach((term, definition) -> {
        if (!terms.containsKey(term)) {
          terms.put(term, definition instanceof JsonObject json ? json.copy() : definition);
        }
      });
    }
  }

  static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Whether {@code id} is the public collection, in any of its spellings. */
  public static boolean isPublic(String id) {
    return PUBLIC.equals(id) || "as:Public".equals(id) || "Public".equals(id);
  }
}

package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An activity: {@code id}, {@code actor} and at least one {@code object} are required (as Mastodon
 * requires them); the object may be a bare id or embedded (a Note, an actor, another activity).
 * Most activities have one object; Mastodon's {@code Flag} lists the reported account and posts.
 * {@code content} is a Flag's comment or an emoji reaction.
 *
 * <p>A client's activity ({@link Vocab#parseDraft}) is read before the server gives it and the
 * object it creates their ids, and may leave out its actor: there {@code id} and {@code actor}
 * may be null, and an embedded object need not have an id.
 *
 * <p>A {@code Flag}'s {@code object} is written as a list even of one, as Mastodon writes it.
 *
 * <p>{@code to} and {@code cc} are written together, as Mastodon writes an addressed activity:
 * when either names anyone, both are written, an empty one as {@code []} (a direct message's
 * {@code cc}); an activity addressed to no one (a Follow, a Like) has neither.
 */
public record Activity(
    String id,
    List<String> types,
    Ref<Actor> actor,
    List<Ref<AsObject>> objects,
    Ref<AsObject> target,
    List<String> to,
    List<String> cc,
    Instant published,
    Instant updated,
    String content,
    JsonObject extra) implements AsObject {

  public Activity {
    types = List.copyOf(types);
    objects = List.copyOf(objects);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  public static Builder builder(String id, String type, String actorId) {
    return new Builder(id, type, Ref.to(actorId));
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The actor's id; null only in a client's activity that names no actor. */
  public String actorId() {
    return actor == null ? null : actor.id();
  }

  /** The (first) object. */
  public Ref<AsObject> object() {
    return objects.get(0);
  }

  /** The (first) object's id; null only for an anonymous embedded activity. */
  public String objectId() {
    return object().id();
  }

  /** The (first) object when it came embedded. */
  public Optional<AsObject> embeddedObject() {
    return object().embedded();
  }

  /** The (first) object when it came embedded as {@code kind}. */
  public <T extends AsObject> Optional<T> embeddedObject(Class<T> kind) {
    return object().embedded().filter(kind::isInstance).map(kind::cast);
  }

  public Optional<String> targetId() {
    return Optional.ofNullable(target).map(Ref::id);
  }

  @Override
  public JsonObject toJsonEmbedded() {
    Out out = new Out().put("id", id).types(types).ref("actor", actor).instant("published", published)
        .instant("updated", updated);
    if (!to.isEmpty() || !cc.isEmpty()) {
      out.array("to", to).array("cc", cc);
    }
    out.put("content", content);
    if (is("Flag")) {
      // Mastodon writes a Flag's object as a list, even of the reported account alone.
      out.array("object", objects, Out::ref);
    } else {
      out.oneOrMany("object", objects, Out::ref);
    }
    out.ref("target", target);
    return out.done(extra);
  }

  static Activity read(Props props) {
    String id = props.uri("id");
    if (id == null && !props.isEmbedded() && !props.isDraft()) {
      throw new VocabException(props.where("id"), "missing");
    }
    List<String> types = props.types();
    if (types.isEmpty()) {
      throw new VocabException(props.where("type"), "missing");
    }
    Ref<Actor> actor = props.isDraft() ? props.ref("actor", Actor::read) : props.requiredRef("actor", Actor::read);
    List<Ref<AsObject>> objects = props.refs("object", Vocab::read);
    if (objects.isEmpty()) {
      throw new VocabException(props.where("object"), "missing");
    }
    for (int i = 0; i < objects.size() && !props.isDraft(); i++) {
      // An anonymous embedded activity is kept (an Accept of a Follow sent without its id: the
      // Follow is then known by its actor and object); any other object needs its id.
      if (objects.get(i).id() == null && !(objects.get(i).embedded().orElse(null) instanceof Activity)) {
        throw new VocabException(props.item("object", i) + ".id",
            "missing");
      }
    }
    Ref<AsObject> target = props.ref("target", Vocab::read);
    return new Activity(id, types, actor, objects, target, props.uris("to"), props.uris("cc"),
        props.instant("published"), props.instant("updated"), props.string("content"), props.extra());
  }

  /** Builds an activity to send. */
  public static final class Builder {
    private final String id;
    private List<String> types;
    private Ref<Actor> actor;
    private List<Ref<AsObject>> objects = List.of();
    private Ref<AsObject> target;
    private List<String> to = List.of();
    private List<String> cc = List.of();
    private Instant published;
    private Instant updated;
    private String content;
    private JsonObject extra = new JsonObject();

    private Builder(String id, String type, Ref<Actor> actor) {
      this.id = id;
      this.types = List.of(type);
      this.actor = actor;
    }

    private Builder(Activity a) {
      id = a.id; types = a.types; actor = a.actor; objects = a.objects; target = a.target; to = a.to;
      cc = a.cc; published = a.published; updated = a.updated; content = a.content; extra = a.extra;
    }

    /** The object by id. */
    public Builder object(String id) { objects = List.of(Ref.to(id)); return this; }
    /** The object embedded. */
    public Builder object(AsObject object) { objects = List.of(Ref.of(object)); return this; }
    public Builder objects(List<Ref<AsObject>> value) { objects = value; return this; }
    public Builder target(String id) { target = id == null ? null : Ref.to(id); return this; }
    public Builder to(List<String> value) { to = value; return this; }
    public Builder cc(List<String> value) { cc = value; return this; }
    public Builder published(Instant value) { published = value; return this; }
    public Builder updated(Instant value) { updated = value; return this; }
    public Builder content(String value) { content = value; return this; }
    /** A property the record does not model ({@code instrument}, {@code result}). */
    public Builder extra(String key, Object value) { extra = extra.copy().put(key, value); return this; }

    public Activity build() {
      if (objects.isEmpty()) {
        throw new IllegalStateException("an activity needs an object");
      }
      return new Activity(id, types, actor, objects, target, to, cc, published, updated, content, extra);
    }
  }
}

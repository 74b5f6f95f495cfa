package org.plutro.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An actor ({@code Person}, {@code Service}, {@code Application}, {@code Group},
 * {@code Organization}) with what Mastodon, GoToSocial, Misskey and Fedify publish about it.
 * Only {@code id} is required: GoToSocial's key document is a bare {@code Person} with no inbox,
 * so whether an actor is complete enough to store is the caller's judgement ({@link #isComplete()}).
 *
 * <p>{@code publicKeys} are the {@code publicKey} entries (one, or several as Misskey and Fedify
 * publish), {@code assertionMethods} the embedded Multikeys (Fedify, Mitra, Plutro);
 * {@code fields} the profile's {@code PropertyValue} attachments (other attachments are not
 * kept); {@code endpoints} other than {@code sharedInbox} are not kept.
 */
public record Actor(
    String id,
    List<String> types,
    String preferredUsername,
    String name,
    String summary,
    List<Link> url,
    String inbox,
    String outbox,
    String followers,
    String following,
    String featured,
    String featuredTags,
    String sharedInbox,
    List<PublicKey> publicKeys,
    List<Multikey> assertionMethods,
    Media icon,
    Media image,
    boolean manuallyApprovesFollowers,
    Boolean discoverable,
    Boolean indexable,
    boolean memorial,
    boolean suspended,
    String movedTo,
    List<String> alsoKnownAs,
    List<PropertyValue> fields,
    List<Tag> tag,
    Instant published,
    JsonObject extra) implements AsObject {

  public static final Set<String> TYPES = Set.of("Person", "Service", "Application", "Group", "Organization");

  /** A {@code publicKey} entry (PEM, RSA in practice). */
  public record PublicKey(String id, String owner, String publicKeyPem) {
    JsonObject toJson() {
      return new Out().put("id", id).put("owner", owner).put("publicKeyPem", publicKeyPem)
          .done(new JsonObject());
    }

    static PublicKey read(Props props) {
      return new PublicKey(props.uri("id"), props.uri("owner"), props.string("publicKeyPem"));
    }
  }

  /** A Multikey verification method (FEP-521a): RSA or Ed25519, multibase-encoded. */
  public record Multikey(String id, List<String> types, String controller, String publicKeyMultibase) {
    public Multikey {
      types = List.copyOf(types);
    }

    public static Multikey of(String id, String controller, String publicKeyMultibase) {
      return new Multikey(id, List.of("Multikey"), controller, publicKeyMultibase);
    }

    public boolean isMultikey() {
      return types.contains("Multikey");
    }

    JsonObject toJson() {
      return new Out().put("id", id).types(types).put("controller", controller)
          .put("publicKeyMultibase", publicKeyMultibase).done(new JsonObject());
    }

    static Multikey read(Props props) {
      return new Multikey(props.uri("id"), props.types(), props.uri("controller"),
          props.string("publicKeyMultibase"));
    }
  }

  /** A profile field: {@code name} is plain text, {@code value} HTML. */
  public record PropertyValue(String name, String value) {
    JsonObject toJson() {
      return new JsonObject().put("type", "PropertyValue").put("name", name).put("value", value);
    }
  }

  public Actor {
    types = List.copyOf(types);
    url = List.copyOf(url);
    publicKeys = List.copyOf(publicKeys);
    assertionMethods = List.copyOf(assertionMethods);
    alsoKnownAs = List.copyOf(alsoKnownAs);
    fields = List.copyOf(fields);
    tag = List.copyOf(tag);
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  public static Builder builder(String id, String type) {
    return new Builder(id, type);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** An actor we can talk to: a known actor type, an inbox, a username. */
  public boolean isComplete() {
    return types.stream().anyMatch(TYPES::contains) && inbox != null && preferredUsername != null
        && !preferredUsername.isBlank();
  }

  /** A bot, as Mastodon tells one: a Service or an Application. */
  public boolean isBot() {
    return is("Service") || is("Application");
  }

  /** The profile page: the first http(s) {@code url}, else null. */
  public String webUrl() {
    return Link.firstHttp(url);
  }

  /** Where to deliver: the shared inbox when there is one, else the actor's own. */
  public String deliveryInbox() {
    return sharedInbox != null ? sharedInbox : inbox;
  }

  @Override
  public JsonObject toJsonEmbedded() {
    Out out = new Out().put("id", id).types(types)
        .put("preferredUsername", preferredUsername)
        .put("name", name)
        .put("summary", summary)
        .oneOrMany("url", url, Link::toJson)
        .put("inbox", inbox)
        .put("outbox", outbox)
        .put("followers", followers)
        .put("following", following)
        .put("featured", featured)
        .put("featuredTags", featuredTags);
    if (sharedInbox != null) {
      out.put("endpoints", new JsonObject().put("sharedInbox", sharedInbox));
    }
    out.put("manuallyApprovesFollowers", manuallyApprovesFollowers)
        .put("discoverable", discoverable)
        .put("indexable", indexable)
        .instant("published", published)
        .oneOrMany("publicKey", publicKeys, PublicKey::toJson)
        .put("assertionMethod", assertionMethods.isEmpty() ? null : multikeys())
        .array("attachment", fields, PropertyValue::toJson)
        .array("tag", tag, Tag::toJson)
        .put("icon", icon == null ? null : icon.toJson(false))
        .put("image", image == null ? null : image.toJson(false))
        .put("movedTo", movedTo)
        .arrayIfAny("alsoKnownAs", alsoKnownAs);
    if (memorial) {
      out.put("memorial", true);
    }
    if (suspended) {
      out.put("suspended", true);
    }
    return out.done(extra);
  }

  private JsonArray multikeys() {
    JsonArray array = new JsonArray();
    assertionMethods.forEach(key -> array.add(key.toJson()));
    return array;
  }

  static Actor read(Props props) {
    String id = props.uri("id");
    List<String> types = props.types();
    String preferredUsername = props.string("preferredUsername");
    String name = props.string("name");
    String summary = props.string("summary");
    List<Link> url = Link.read(props, "url");
    String inbox = props.uri("inbox");
    String outbox = props.uri("outbox");
    String followers = props.uri("followers");
    String following = props.uri("following");
    String featured = props.uri("featured");
    String featuredTags = props.uri("featuredTags");
    String sharedInbox = props.object("endpoints", endpoints -> endpoints.uri("sharedInbox")).orElse(null);
    List<PublicKey> keys = props.objects("publicKey", PublicKey::read);
    List<Multikey> multikeys = props.objects("assertionMethod", Multikey::read);
    Media icon = Media.readIcon(props, "icon");
    Media image = Media.readIcon(props, "image");
    boolean locked = Boolean.TRUE.equals(props.bool("manuallyApprovesFollowers"));
    Boolean discoverable = props.bool("discoverable");
    Boolean indexable = props.bool("indexable");
    boolean memorial = Boolean.TRUE.equals(props.bool("memorial"));
    boolean suspended = Boolean.TRUE.equals(props.bool("suspended"));
    String movedTo = props.uri("movedTo");
    List<String> alsoKnownAs = props.uris("alsoKnownAs");
    List<PropertyValue> fields = new ArrayList<>();
    for (Props.Field field : props.objects("attachment", Props.Field::read)) {
      if (field.types().contains("PropertyValue")) {
        fields.add(new PropertyValue(field.name() == null ? "" : field.name(),
            field.value() == null ? "" : field.value()));
      }
    }
    List<Tag> tag = props.objects("tag", Tag::read);
    Instant published = props.instant("published");
    return new Actor(id, types, preferredUsername, name, summary, url, inbox, outbox, followers, following,
        featured, featuredTags, sharedInbox, keys, multikeys, icon, image, locked, discoverable, indexable,
        memorial, suspended, movedTo, alsoKnownAs, fields, tag, published, props.extra());
  }

  /** Builds an actor to publish; unset lists are empty, unset values absent. */
  public static final class Builder {
    private String id;
    private List<String> types;
    private String preferredUsername;
    private String name;
    private String summary;
    private List<Link> url = List.of();
    private String inbox;
    private String outbox;
    private String followers;
    private String following;
    private String featured;
    private String featuredTags;
    private String sharedInbox;
    private List<PublicKey> publicKeys = List.of();
    private List<Multikey> assertionMethods = List.of();
    private Media icon;
    private Media image;
    private boolean manuallyApprovesFollowers;
    private Boolean discoverable;
    private Boolean indexable;
    private boolean memorial;
    private boolean suspended;
    private String movedTo;
    private List<String> alsoKnownAs = List.of();
    private List<PropertyValue> fields = List.of();
    private List<Tag> tag = List.of();
    private Instant published;
    private JsonObject extra = new JsonObject();

    private Builder(String id, String type) {
      this.id = id;
      this.types = List.of(type);
    }

    private Builder(Actor a) {
      id = a.id; types = a.types; preferredUsername = a.preferredUsername; name = a.name;
      summary = a.summary; url = a.url; inbox = a.inbox; outbox = a.outbox; followers = a.followers;
      following = a.following; featured = a.featured; featuredTags = a.featuredTags;
      sharedInbox = a.sharedInbox; publicKeys = a.publicKeys; assertionMethods = a.assertionMethods;
      icon = a.icon; image = a.image; manuallyApprovesFollowers = a.manuallyApprovesFollowers;
      discoverable = a.discoverable; indexable = a.indexable; memorial = a.memorial;
      suspended = a.suspended; movedTo = a.movedTo; alsoKnownAs = a.alsoKnownAs; fields = a.fields;
      tag = a.tag; published = a.published; extra = a.extra;
    }

    public Builder preferredUsername(String value) { preferredUsername = value; return this; }
    public Builder name(String value) { name = value; return this; }
    public Builder summary(String value) { summary = value; return this; }
    public Builder url(String value) { url = value == null ? List.of() : List.of(Link.of(value)); return this; }
    public Builder inbox(String value) { inbox = value; return this; }
    public Builder outbox(String value) { outbox = value; return this; }
    public Builder followers(String value) { followers = value; return this; }
    public Builder following(String value) { following = value; return this; }
    public Builder featured(String value) { featured = value; return this; }
    public Builder featuredTags(String value) { featuredTags = value; return this; }
    public Builder sharedInbox(String value) { sharedInbox = value; return this; }
    public Builder publicKeys(List<PublicKey> value) { publicKeys = value; return this; }
    public Builder assertionMethods(List<Multikey> value) { assertionMethods = value; return this; }
    public Builder icon(Media value) { icon = value; return this; }
    public Builder image(Media value) { image = value; return this; }
    public Builder manuallyApprovesFollowers(boolean value) { manuallyApprovesFollowers = value; return this; }
    public Builder discoverable(Boolean value) { discoverable = value; return this; }
    public Builder indexable(Boolean value) { indexable = value; return this; }
    public Builder memorial(boolean value) { memorial = value; return this; }
    public Builder suspended(boolean value) { suspended = value; return this; }
    public Builder movedTo(String value) { movedTo = value; return this; }
    public Builder alsoKnownAs(List<String> value) { alsoKnownAs = value; return this; }
    public Builder fields(List<PropertyValue> value) { fields = value; return this; }
    public Builder tag(List<Tag> value) { tag = value; return this; }
    public Builder published(Instant value) { published = value; return this; }

    public Actor build() {
      return new Actor(id, types, preferredUsername, name, summary, url, inbox, outbox, followers,
          following, featured, featuredTags, sharedInbox, publicKeys, assertionMethods, icon, image,
          manuallyApprovesFollowers, discoverable, indexable, memorial, suspended, movedTo, alsoKnownAs,
          fields, tag, published, extra);
    }
  }
}

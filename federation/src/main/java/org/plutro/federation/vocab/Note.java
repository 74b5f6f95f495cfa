package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A post: {@code Note}, and the types read the same way ({@code Question} with its {@link Poll},
 * {@code Article}, {@code Page}, {@code Image}, {@code Video}, {@code Event}...). Null means absent
 * for single values; lists and maps are never null.
 *
 * <p>{@link #quote()} is the quoted post under whichever name the sender used: FEP-044f's
 * {@code quote} (Mastodon), {@code quoteUri} (Fedibird), {@code _misskey_quote},
 * {@code quoteUrl} (Misskey, Fedify, Akkoma), or a FEP-e232 link tag with Misskey's quote relation.
 * It is written back as Mastodon writes it: {@code quote}, {@code quoteUri} and
 * {@code _misskey_quote}.
 */
public record Note(
    String id,
    List<String> types,
    List<Ref<Actor>> attributedTo,
    String name,
    String content,
    Map<String, String> contentMap,
    String summary,
    Map<String, String> summaryMap,
    Boolean sensitive,
    Ref<Note> inReplyTo,
    Instant published,
    Instant updated,
    List<Link> url,
    List<String> to,
    List<String> cc,
    List<Tag> tag,
    List<Media> attachment,
    Ref<Note> quote,
    String quoteAuthorization,
    InteractionPolicy interactionPolicy,
    Poll poll,
    Ref<Collection> replies,
    Ref<Collection> likes,
    Ref<Collection> shares,
    JsonObject extra) implements AsObject {

  static final String MISSKEY_QUOTE = "https://misskey-hub.net/ns#_misskey_quote";

  public Note {
    types = List.copyOf(types);
    attributedTo = List.copyOf(attributedTo);
    contentMap = Vocab.copy(contentMap);
    summaryMap = Vocab.copy(summaryMap);
    url = List.copyOf(url);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    tag = List.copyOf(tag);
    attachment = List.copyOf(attachment);
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  public static Builder builder(String id, String type) {
    return new Builder(id, type);
  }

  /** A builder holding this note's values, to change some. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The author: the first attributed actor (PeerTube also lists the channel). */
  public String attributedToId() {
    return attributedTo.isEmpty() ? null : attributedTo.get(0).id();
  }

  public Optional<String> inReplyToId() {
    return Optional.ofNullable(inReplyTo).map(Ref::id);
  }

  public Optional<String> quoteId() {
    return Optional.ofNullable(quote).map(Ref::id);
  }

  public boolean isSensitive() {
    return Boolean.TRUE.equals(sensitive);
  }

  /**
   * The text: {@code content}, else the first entry of {@code contentMap}, else empty (a vote, or
   * a post with only attachments).
   */
  public String text() {
    if (content != null) {
      return content;
    }
    return contentMap.isEmpty() ? "" : contentMap.values().iterator().next();
  }

  /**
   * The language, as GoToSocial infers it: the {@code contentMap} entry whose text is
   * {@code content}, else its only entry; null when unknown.
   */
  public String language() {
    for (Map.Entry<String, String> entry : contentMap.entrySet()) {
      if (entry.getValue().equals(content)) {
        return entry.getKey();
      }
    }
    return contentMap.size() == 1 && content == null ? contentMap.keySet().iterator().next() : null;
  }

  /** The web page: the first http(s) {@code url} (an HTML one if several), else null. */
  public String webUrl() {
    return Link.firstHttp(url);
  }

  public List<Tag.Mention> mentions() {
    return tag.stream().filter(Tag.Mention.class::isInstance).map(Tag.Mention.class::cast).toList();
  }

  public List<Tag.Hashtag> hashtags() {
    return tag.stream().filter(Tag.Hashtag.class::isInstance).map(Tag.Hashtag.class::cast).toList();
  }

  public List<Tag.Emoji> emojis() {
    return tag.stream().filter(Tag.Emoji.class::isInstance).map(Tag.Emoji.class::cast).toList();
  }

  /** A poll vote as Mastodon sends one: a named Note in reply to the Question, with no content. */
  public boolean isVote() {
    return name != null && inReplyTo != null && (content == null || content.isEmpty()) && poll == null;
  }

  /** {@code totalItems} of an embedded collection ({@code likes}, {@code shares}, {@code replies}). */
  public static Optional<Long> count(Ref<Collection> collection) {
    return Optional.ofNullable(collection).flatMap(Ref::embedded).map(Collection::totalItems);
  }

  @Override
  public JsonObject toJsonEmbedded() {
    Out out = new Out().put("id", id).types(types)
        .oneOrMany("attributedTo", attributedTo, Out::ref)
        .put("name", name)
        .put("content", content)
        .instant("published", published)
        .oneOrMany("url", url, Link::toJson)
        .array("to", to)
        .array("cc", cc)
        .put("sensitive", sensitive)
        .putNull("summary", summary)
        .putNull("inReplyTo", Out.ref(inReplyTo))
        .array("tag", tag, Tag::toJson)
        .array("attachment", attachment, media -> media.toJson(true))
        .languageMap("contentMap", contentMap)
        .languageMap("summaryMap", summaryMap)
        .instant("updated", updated);
    if (quote != null) {
      out.ref("quote", quote).put("quoteUri", quote.id()).put("_misskey_quote", quote.id());
    }
    out.put("quoteAuthorization", quoteAuthorization)
        .put("interactionPolicy", interactionPolicy == null ? null : interactionPolicy.toJson())
        .ref("replies", replies).ref("likes", likes).ref("shares", shares);
    if (poll != null) {
      poll.write(out);
    }
    return out.done(extra);
  }

  static Note read(Props props) {
    String id = props.uri("id");
    List<String> types = props.types();
    List<Ref<Actor>> attributedTo = props.refs("attributedTo", Actor::read);
    String name = props.string("name");
    String content = props.string("content");
    Map<String, String> contentMap = props.languageMap("contentMap");
    String summary = props.string("summary");
    Map<String, String> summaryMap = props.languageMap("summaryMap");
    // Only a JSON boolean: a post flagged with text has never been taken (its warning unclear).
    Boolean sensitive = props.strictBool("sensitive");
    Ref<Note> inReplyTo = props.ref("inReplyTo", Note::read);
    Instant published = props.instant("published");
    Instant updated = props.instant("updated");
    List<Link> url = Link.read(props, "url");
    List<String> to = props.uris("to");
    List<String> cc = props.uris("cc");
    List<Tag> tag = readTags(props);
    List<Media> attachment = readAttachments(props);
    Ref<Note> quote = null;
    for (String key : new String[] {"quote", "quoteUri", "_misskey_quote", "quoteUrl"}) {
      Ref<Note> candidate = props.ref(key, Note::read);
      if (quote == null && candidate != null && candidate.id() != null) {
        quote = candidate;
      }
    }
    if (quote == null) {
      quote = quoteLink(tag);
    }
    String quoteAuthorization = props.uri("quoteAuthorization");
    InteractionPolicy policy = props.object("interactionPolicy", InteractionPolicy::read).orElse(null);
    Poll poll = props.has("oneOf") || props.has("anyOf") ? Poll.read(props) : null;
    Ref<Collection> replies = props.ref("replies", Collection::read);
    Ref<Collection> likes = props.ref("likes", Collection::read);
    Ref<Collection> shares = props.ref("shares", Collection::read);
    return new Note(id, types, attributedTo, name, content, contentMap, summary, summaryMap, sensitive,
        inReplyTo, published, updated, url, to, cc, tag, attachment, quote, quoteAuthorization, policy,
        poll, replies, likes, shares, props.extra());
  }

  /**
   * The tags that can be read. One that cannot (a Mention without a usable href, a number) is
   * left out: a post is not refused for one bad part, as peers' software often sends some.
   */
  private static List<Tag> readTags(Props props) {
    List<Object> values = props.values("tag");
    List<Tag> tags = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) instanceof JsonObject object) {
        try {
          tags.add(Tag.read(props.child(object, props.item("tag", i))));
        } catch (VocabException leftOut) {
          // the tag alone is dropped
        }
      }
    }
    return List.copyOf(tags);
  }

  /** The attachments that can be read (objects, or bare URLs); the others are left out, as tags. */
  private static List<Media> readAttachments(Props props) {
    List<Object> values = props.values("attachment");
    List<Media> media = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String where = props.item("attachment", i);
      Object value = values.get(i);
      try {
        if (value instanceof JsonObject object) {
          media.add(Media.read(props.child(object, where)));
        } else if (value instanceof String) {
          media.add(Media.ofUrl(Props.uriOf(where, value)));
        }
      } catch (VocabException leftOut) {
        // the attachment alone is dropped
      }
    }
    return List.copyOf(media);
  }

  /** A FEP-e232 link tag marked as Misskey's quote (Misskey and Akkoma send one besides quoteUrl). */
  private static Ref<Note> quoteLink(List<Tag> tags) {
    for (Tag tag : tags) {
      if (tag instanceof Tag.Other link && link.isObjectLink() && isUri(link.href())
          && (link.rel().contains(MISSKEY_QUOTE) || (link.name() != null && link.name().startsWith("RE:")))) {
        return Ref.to(link.href());
      }
    }
    return null;
  }

  /** A link whose href is no URI quotes nothing (the tag is kept as sent). */
  private static boolean isUri(String href) {
    if (href == null) {
      return false;
    }
    try {
      Props.checkUri("tag.href", href);
      return true;
    } catch (VocabException e) {
      return false;
    }
  }

  /** Builds a note to send; unset lists are empty, unset values absent. */
  public static final class Builder {
    private String id;
    private List<String> types;
    private List<Ref<Actor>> attributedTo = List.of();
    private String name;
    private String content;
    private Map<String, String> contentMap = Map.of();
    private String summary;
    private Map<String, String> summaryMap = Map.of();
    private Boolean sensitive;
    private Ref<Note> inReplyTo;
    private Instant published;
    private Instant updated;
    private List<Link> url = List.of();
    private List<String> to = List.of();
    private List<String> cc = List.of();
    private List<Tag> tag = List.of();
    private List<Media> attachment = List.of();
    private Ref<Note> quote;
    private String quoteAuthorization;
    private InteractionPolicy interactionPolicy;
    private Poll poll;
    private Ref<Collection> replies;
    private Ref<Collection> likes;
    private Ref<Collection> shares;
    private JsonObject extra = new JsonObject();

    private Builder(String id, String type) {
      this.id = id;
      this.types = List.of(type);
    }

    private Builder(Note note) {
      id = note.id; types = note.types; attributedTo = note.attributedTo; name = note.name;
      content = note.content; contentMap = note.contentMap; summary = note.summary;
      summaryMap = note.summaryMap; sensitive = note.sensitive; inReplyTo = note.inReplyTo;
      published = note.published; updated = note.updated; url = note.url; to = note.to; cc = note.cc;
      tag = note.tag; attachment = note.attachment; quote = note.quote;
      quoteAuthorization = note.quoteAuthorization; interactionPolicy = note.interactionPolicy;
      poll = note.poll; replies = note.replies; likes = note.likes; shares = note.shares;
      extra = note.extra;
    }

    public Builder type(String type) { this.types = List.of(type); return this; }
    public Builder attributedTo(String actorId) { this.attributedTo = List.of(Ref.to(actorId)); return this; }
    public Builder name(String name) { this.name = name; return this; }
    public Builder content(String content) { this.content = content; return this; }
    public Builder contentMap(Map<String, String> contentMap) { this.contentMap = contentMap; return this; }
    public Builder summary(String summary) { this.summary = summary; return this; }
    public Builder sensitive(Boolean sensitive) { this.sensitive = sensitive; return this; }
    public Builder inReplyTo(String id) { this.inReplyTo = id == null ? null : Ref.to(id); return this; }
    public Builder published(Instant published) { this.published = published; return this; }
    public Builder updated(Instant updated) { this.updated = updated; return this; }
    public Builder url(String url) { this.url = url == null ? List.of() : List.of(Link.of(url)); return this; }
    public Builder to(List<String> to) { this.to = to; return this; }
    public Builder cc(List<String> cc) { this.cc = cc; return this; }
    public Builder tag(List<Tag> tag) { this.tag = tag; return this; }
    public Builder attachment(List<Media> attachment) { this.attachment = attachment; return this; }
    public Builder quote(String id) { this.quote = id == null ? null : Ref.to(id); return this; }
    public Builder quoteAuthorization(String id) { this.quoteAuthorization = id; return this; }
    public Builder interactionPolicy(InteractionPolicy policy) { this.interactionPolicy = policy; return this; }
    public Builder poll(Poll poll) { this.poll = poll; return this; }
    public Builder replies(Collection replies) { this.replies = replies == null ? null : Ref.of(replies); return this; }
    public Builder likes(Ref<Collection> likes) { this.likes = likes; return this; }
    public Builder shares(Ref<Collection> shares) { this.shares = shares; return this; }

    public Note build() {
      return new Note(id, types, attributedTo, name, content, contentMap, summary, summaryMap, sensitive,
          inReplyTo, published, updated, url, to, cc, tag, attachment, quote, quoteAuthorization,
          interactionPolicy, poll, replies, likes, shares, extra);
    }
  }
}

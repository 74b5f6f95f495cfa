package org.plutro.server.federation.remote;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.text.Html;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.StatusStore;

/**
 * A remote Note (normalised ActivityStreams) as one of our status rows, its interaction policy
 * included; HTML is sanitised here.
 */
public final class RemoteStatus {
  private RemoteStatus() {}

  public static Future<Status> from(StatusStore statuses, JsonObject note, Account author) {
    List<String> to = Refs.ids(note.getValue("to"));
    List<String> cc = Refs.ids(note.getValue("cc"));
    String inReplyToUri = Refs.idOf(note.getValue("inReplyTo"));
    Future<Long> inReplyTo = inReplyToUri == null ? Future.succeededFuture(null)
        : statuses.byUri(inReplyToUri).map(found -> found.map(Status::id).orElse(null));
    return inReplyTo.map(parentId -> new Status(0, note.getString("id"), url(note),
        author.id(), false, parentId, inReplyToUri, Html.sanitize(content(note)), null,
        summary(note), note.getBoolean("sensitive", false) || author.sensitizedAt() != null, language(note),
        Visibility.fromAddressing(to, cc, author.followersUrl()), to, cc, null,
        published(note.getString("published")), null, null, InteractionPolicies.read(note, author)));
  }

  /** An Announce of one of our statuses, as the sharer's status row. */
  public static Status reblog(Activity announce, Account sharer, Status shared) {
    List<String> to = announce.to();
    List<String> cc = announce.cc();
    return new Status(0, announce.id(), null, sharer.id(), false, null, null, "", null,
        "", false, null, Visibility.fromAddressing(to, cc, sharer.followersUrl()), to, cc,
        shared.id(), published(announce.published()), null, null,
        InteractionPolicy.OPEN);
  }

  public static String content(JsonObject note) {
    Object content = note.getValue("content");
    if (content instanceof String text) {
      return text;
    }
    JsonObject map = note.getJsonObject("contentMap");
    if (map != null && !map.isEmpty()) {
      return String.valueOf(map.getValue(map.fieldNames().iterator().next()));
    }
    return "";
  }

  public static String summary(JsonObject note) {
    Object summary = note.getValue("summary");
    return summary instanceof String text ? Html.text(text) : "";
  }

  public static String language(JsonObject note) {
    JsonObject map = note.getJsonObject("contentMap");
    if (map != null && !map.isEmpty()) {
      String language = map.fieldNames().iterator().next();
      return language.length() <= 16 ? language : null;
    }
    return null;
  }

  private static String url(JsonObject note) {
    Object url = note.getValue("url");
    String found = Refs.idOf(url);
    if (found == null && url instanceof JsonObject link) {
      found = link.getString("href");
    }
    return found != null ? found : note.getString("id");
  }

  /** When it was published, if not in the future (a date-time the vocabulary could not read is now). */
  private static OffsetDateTime published(Instant value) {
    OffsetDateTime now = OffsetDateTime.now();
    if (value == null) {
      return now;
    }
    OffsetDateTime published = value.atOffset(ZoneOffset.UTC);
    return published.isAfter(now) ? now : published;
  }

  private static OffsetDateTime published(String value) {
    if (value == null) {
      return OffsetDateTime.now();
    }
    try {
      OffsetDateTime published = OffsetDateTime.parse(value);
      // A date in the future would pin the post to the top of every timeline.
      return published.isAfter(OffsetDateTime.now()) ? OffsetDateTime.now() : published;
    } catch (DateTimeParseException e) {
      return OffsetDateTime.now();
    }
  }
}

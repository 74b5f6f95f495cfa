package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.plutro.federation.vocab.Actor;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Salvage;
import org.plutro.federation.vocab.VocabException;

/**
 * A fetched actor document (or whatever a key id answers: GoToSocial's bare actor, a key of its own),
 * read once into the vocabulary as Mastodon reads a profile: a property that cannot be read (an
 * odd profile field, a bad avatar) is left out and the actor kept. Only what says whose document
 * it is refuses it: a malformed id or type, or a key whose owner is no actor's id.
 */
final class FetchedActor {
  private static final Pattern KEY_OWNER = Pattern.compile("publicKey(\\[\\d+])?\\.owner(\\..*)?");

  private FetchedActor() {}

  /** The normalised document as its record; fails as the refusal would have read untyped. */
  static Future<AsObject> read(JsonObject normalised) {
    try {
      return Future.succeededFuture(Salvage.parse(normalised, FetchedActor::vital));
    } catch (VocabException e) {
      return Future.failedFuture(new IllegalArgumentException(refusal(e)));
    }
  }

  /** An actor we may store: the document's first type is an actor type. */
  static boolean isActor(AsObject document) {
    return document instanceof Actor && Actor.TYPES.contains(document.type());
  }

  private static boolean vital(String property) {
    return property.equals("id") || property.equals("type") || property.startsWith("type[")
        || KEY_OWNER.matcher(property).matches();
  }

  private static String refusal(VocabException e) {
    if (e.property().equals("id")) {
      return "actor id does not match its URL";
    }
    if (KEY_OWNER.matcher(e.property()).matches()) {
      return "the actor's key belongs to someone else";
    }
    return "malformed actor document: " + e.getMessage();
  }
}

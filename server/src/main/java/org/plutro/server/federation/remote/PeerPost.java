package org.plutro.server.federation.remote;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Salvage;
import org.plutro.federation.vocab.VocabException;

/**
 * A peer's post, delivered or fetched, read strict but lossless: what says whose post it is (its
 * id, type and author) must be readable, or the post is refused; any other property that cannot
 * be read (a {@code sensitive} of "yes", an address or a {@code url} that is no URI, a date sent
 * as a number) is left out and the post kept, since a wrongly refused delivery is lost data.
 */
public final class PeerPost {
  /** The post's id, type and author reference; what an embedded author holds besides its id is not. */
  private static final Pattern VITAL =
      Pattern.compile("id|type(\\[\\d+])?|attributedTo(\\[\\d+])?(\\.id)?");

  private PeerPost() {}

  /** The normalised document as a post, or null when it is none we can read. */
  static Note read(JsonObject normalised) {
    try {
      return Salvage.parse(normalised, PeerPost::vital) instanceof Note note ? note : null;
    } catch (VocabException e) {
      return null;
    }
  }

  /** Whether the property at this path of a post may not be left out (the post is refused instead). */
  public static boolean vital(String property) {
    return VITAL.matcher(property).matches();
  }
}

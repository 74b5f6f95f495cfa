package org.plutro.server.c2s;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Vocab;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.domain.Visibility;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.text.Html;
import org.plutro.server.domain.ServiceException;

/**
 * A Note as a client sends it, read as the Mastodon API's post parameters: the text (its plain
 * {@code source} if given, else the HTML's text), the visibility its addressing means, the content
 * warning, sensitivity, language and the post replied to. Actors it addresses are mentioned in the
 * text (prefixed when the text does not name them), since mentions are what address a post here.
 * Who may quote it is its {@code interactionPolicy}'s {@code canQuote} ({@code public},
 * {@code followers} or {@code nobody}); null when it has none: the member's default then.
 */
record NoteDraft(String text, Visibility visibility, String spoilerText, Boolean sensitive,
    String language, String inReplyToUri, String quotePolicy) {
  static final String NOTE = "Note";

  /** Reads the Note, addressed as it says; 422 for anything we cannot honour faithfully. */
  static Future<NoteDraft> read(Targets targets, Account member, AsObject object) {
    return object instanceof Note note ? read(targets, member, note, note.to(), note.cc())
        : read(targets, member, object, List.of(), List.of());
  }

  /** Reads the Note as addressed to {@code to} and {@code cc}; 422 for anything we cannot honour. */
  static Future<NoteDraft> read(Targets targets, Account member, AsObject object, List<String> to,
      List<String> cc) {
    if (!(object instanceof Note note) || !NOTE.equals(note.type())) {
      return Future.failedFuture(ServiceException.unprocessable(
          "object: only Note can be posted (got " + object.type() + ")"));
    }
    if (!note.attachment().isEmpty()) {
      return Future.failedFuture(ServiceException.unprocessable(
          "attachment: upload media with /api/v2/media and post with the Mastodon API"));
    }
    List<String> addressedTo = addressed(to);
    List<String> addressedCc = addressed(cc);
    Visibility visibility = Visibility.fromAddressing(addressedTo, addressedCc, member.followersUrl());
    Set<String> actors = new LinkedHashSet<>();
    for (String uri : concat(addressedTo, addressedCc)) {
      if (!uri.equals(Visibility.AS_PUBLIC) && !uri.equals(member.followersUrl())) {
        actors.add(uri);
      }
    }
    if (visibility == Visibility.DIRECT && actors.isEmpty()) {
      return Future.failedFuture(ServiceException.unprocessable(
          "to: address the Note to Public, your followers or at least one actor"));
    }
    Future<String> withMentions = Future.succeededFuture(text(note));
    for (String uri : actors) {
      withMentions = withMentions.compose(sofar -> targets.actor(uri)
          .map(account -> mentioned(sofar, account) ? sofar : "@" + account.acct() + " " + sofar));
    }
    String language = note.contentMap().size() == 1 ? note.contentMap().keySet().iterator().next() : null;
    Who quotes = InteractionPolicies.quotesAsked(note.interactionPolicy(), member);
    String quotePolicy = quotes == null ? null : quotes == Who.EVERYONE ? "public" : quotes.apiName();
    return withMentions.map(full -> new NoteDraft(full, visibility, note.summary(), note.sensitive(), language,
        note.inReplyToId().orElse(null), quotePolicy));
  }

  /**
   * The plain {@code source} a client may send besides the HTML (ActivityStreams' {@code source},
   * which the vocabulary keeps unread: peers' sources are Misskey markdown), else the HTML's text.
   */
  private static String text(Note note) {
    if (note.extra().getValue("source") instanceof JsonObject source
        && source.getValue("content") instanceof String content) {
      return content;
    }
    return note.content() == null ? "" : Html.text(note.content());
  }

  private static boolean mentioned(String text, Account account) {
    String acct = "@" + account.acct();
    int at = text.indexOf(acct);
    // The handle as a whole word: "@amy" does not name "@amy@elsewhere".
    while (at >= 0) {
      int end = at + acct.length();
      if (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end))
          || text.charAt(end) == '@' || text.charAt(end) == '_' || text.charAt(end) == '.')) {
        return true;
      }
      at = text.indexOf(acct, end);
    }
    return false;
  }

  /** The ids, Public spelled one way. */
  private static List<String> addressed(List<String> ids) {
    return ids.stream().map(id -> Vocab.isPublic(id) ? Visibility.AS_PUBLIC : id).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

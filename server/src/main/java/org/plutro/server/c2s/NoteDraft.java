package org.plutro.server.c2s;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Visibility;
import org.plutro.server.text.Html;
import org.plutro.server.domain.ServiceException;

/**
 * A Note as a client sends it, read as the Mastodon API's post parameters: the text (its plain
 * {@code source} if given, else the HTML's text), the visibility its addressing means, the content
 * warning, sensitivity, language and the post replied to. Actors it addresses are mentioned in the
 * text (prefixed when the text does not name them), since mentions are what address a post here.
 */
record NoteDraft(String text, Visibility visibility, String spoilerText, Boolean sensitive,
    String language, String inReplyToUri) {
  static final String NOTE = "Note";
  private static final Set<String> PUBLIC_FORMS = Set.of(Visibility.AS_PUBLIC, "as:Public", "Public");

  /** Reads the Note; 422 for anything we cannot honour faithfully. */
  static Future<NoteDraft> read(Targets targets, Account member, JsonObject note) {
    if (!NOTE.equals(Refs.typeOf(note))) {
      return Future.failedFuture(ServiceException.unprocessable(
          "object: only Note can be posted (got " + Refs.typeOf(note) + ")"));
    }
    Object attachment = note.getValue("attachment");
    if (attachment instanceof JsonArray array ? !array.isEmpty() : attachment != null) {
      return Future.failedFuture(ServiceException.unprocessable(
          "attachment: upload media with /api/v2/media and post with the Mastodon API"));
    }
    String text = text(note);
    List<String> to = addressed(note.getValue("to"));
    List<String> cc = addressed(note.getValue("cc"));
    Visibility visibility = Visibility.fromAddressing(to, cc, member.followersUrl());
    Set<String> actors = new LinkedHashSet<>();
    for (String uri : concat(to, cc)) {
      if (!uri.equals(Visibility.AS_PUBLIC) && !uri.equals(member.followersUrl())) {
        actors.add(uri);
      }
    }
    if (visibility == Visibility.DIRECT && actors.isEmpty()) {
      return Future.failedFuture(ServiceException.unprocessable(
          "to: address the Note to Public, your followers or at least one actor"));
    }
    Future<String> withMentions = Future.succeededFuture(text);
    for (String uri : actors) {
      withMentions = withMentions.compose(sofar -> targets.actor(uri)
          .map(account -> mentioned(sofar, account) ? sofar : "@" + account.acct() + " " + sofar));
    }
    String language = null;
    if (note.getValue("contentMap") instanceof JsonObject map && map.size() == 1) {
      language = map.fieldNames().iterator().next();
    }
    String chosenLanguage = language;
    return withMentions.map(full -> new NoteDraft(full, visibility, note.getString("summary"),
        note.getValue("sensitive") instanceof Boolean b ? b : null, chosenLanguage,
        Refs.idOf(note.getValue("inReplyTo"))));
  }

  private static String text(JsonObject note) {
    if (note.getValue("source") instanceof JsonObject source
        && source.getValue("content") instanceof String content) {
      return content;
    }
    Object content = note.getValue("content");
    return content instanceof String html ? Html.text(html) : "";
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

  private static List<String> addressed(Object value) {
    List<String> ids = new ArrayList<>();
    for (String id : Refs.ids(value)) {
      ids.add(PUBLIC_FORMS.contains(id) ? Visibility.AS_PUBLIC : id);
    }
    return ids;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

package org.plutro.server.http.web.settings;

import java.util.List;
import org.plutro.server.domain.User;
import org.plutro.server.store.MemberPrivacyStore.Privacy;

/**
 * The privacy form's values: how new posts start out (visibility, sensitive media, language, who
 * may quote them) and who may message, reply to and share the member.
 */
public record PrivacyForm(String visibility, boolean sensitive, String language,
    String messagesFrom, boolean readReceipts, String repliesFrom, String sharesFrom, String quotePolicy) {

  public static final List<Choice> VISIBILITIES = List.of(
      new Choice("public", "Public"),
      new Choice("unlisted", "Unlisted: public, but not in public timelines"),
      new Choice("private", "Followers only"));
  public static final List<Choice> MESSAGES_FROM = List.of(
      new Choice("everyone", "Everyone"),
      new Choice("following", "Only people I follow"),
      new Choice("nobody", "Nobody"));
  public static final List<Choice> REPLIES_FROM = List.of(
      new Choice("everyone", "Everyone who can see the post"),
      new Choice("followers", "My followers"),
      new Choice("nobody", "Only people I mention"));
  public static final List<Choice> SHARES_FROM = List.of(
      new Choice("everyone", "Everyone who can see the post"),
      new Choice("followers", "My followers"),
      new Choice("nobody", "Nobody"));

  /** Mastodon 4.5's {@code source[quote_policy]} values. */
  public static final List<Choice> QUOTE_POLICIES = List.of(
      new Choice("public", "Everyone who can see the post"),
      new Choice("followers", "My followers"),
      new Choice("nobody", "Only me"));

  public static PrivacyForm of(User user, Privacy privacy) {
    return new PrivacyForm(user.defaultPrivacy(), user.defaultSensitive(),
        user.defaultLanguage() == null ? "" : user.defaultLanguage(), privacy.messagesFrom(),
        privacy.readReceipts(), privacy.repliesFrom(), privacy.sharesFrom(),
        user.defaultQuotePolicy() == null ? "public" : user.defaultQuotePolicy());
  }
}

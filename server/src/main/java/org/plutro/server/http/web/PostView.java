package org.plutro.server.http.web;

import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.text.EmojiCodes;
import org.plutro.server.text.Html;
import org.plutro.server.uri.Uris;

/**
 * A post as the pages show it: author, content warning, content, media, time; {@code emojis}
 * the images of the custom emoji its author's texts may name, by shortcode.
 */
public record PostView(Status status, Account author, List<MediaAttachment> media, Uris uris,
    Map<String, String> emojis) {
  public PostView(Status status, Account author, List<MediaAttachment> media, Uris uris) {
    this(status, author, media, uris, Map.of());
  }

  /** One attachment: a picture (with its preview), a video or a sound. */
  public record Media(String kind, String url, String preview, String description) {
    public boolean isVideo() {
      return "video".equals(kind) || "gifv".equals(kind);
    }

    public boolean isAudio() {
      return "audio".equals(kind);
    }
  }

  public String authorName() {
    return author.displayName().isBlank() ? author.username() : author.displayName();
  }

  /** The author's name as HTML, its custom emoji shown. */
  public String authorNameHtml() {
    return EmojiCodes.html(Html.escape(authorName()), emojis::get);
  }

  /** {@code @name@host}, ours included. */
  public String handle() {
    return "@" + (author.isLocal() ? uris.acct(author.username()) : author.acct());
  }

  /** The author's page: ours for our members, their server's for others. */
  public String authorUrl() {
    return author.isLocal() ? uris.profilePage(author.username()) : web(author.url(), author.uri());
  }

  public String avatar() {
    return avatar(author, uris);
  }

  /** Where the post is read: its page here, or on its own server. */
  public String link() {
    return web(status.url(), status.uri());
  }

  public boolean local() {
    return status.local();
  }

  /** The content, cleaned again with the allow-list: a page is no place to trust storage. */
  public String contentHtml() {
    return EmojiCodes.html(Html.sanitize(status.content()), emojis::get);
  }

  public String text() {
    return Html.text(status.content());
  }

  public boolean warned() {
    return !status.spoilerText().isEmpty();
  }

  public String spoiler() {
    return status.spoilerText();
  }

  /** A BCP 47 tag for the article's {@code lang}; null when unknown. */
  public String language() {
    return status.language();
  }

  public String published() {
    return Times.iso(status.createdAt());
  }

  public String publishedText() {
    return Times.readable(status.createdAt());
  }

  /** "unlisted" and the like for a post that is not public; null for a public one. */
  public String visibilityNote() {
    return status.visibility() == Visibility.PUBLIC ? null : status.visibility().apiName();
  }

  public List<Media> attachments() {
    return media.stream().map(m -> new Media(m.type(), url(m, uris), previewUrl(m, uris),
        m.description() == null ? "" : m.description())).toList();
  }

  /** The first picture's preview, for og:image. */
  public String firstImage() {
    for (MediaAttachment m : media) {
      if ("image".equals(m.type())) {
        return previewUrl(m, uris);
      }
    }
    return null;
  }

  /** The account's picture at our address (a remote one is copied here: readers never contact its server). */
  static String avatar(Account account, Uris uris) {
    String proxied = uris.remoteMedia().proxied(account.avatarUrl(), RemoteMediaUrls.Kind.AVATAR);
    return proxied != null ? proxied : uris.defaultAvatar();
  }

  static String url(MediaAttachment m, Uris uris) {
    if (m.isRemote()) {
      String proxied = uris.remoteMedia().proxied(m.remoteUrl(), RemoteMediaUrls.Kind.ATTACHMENT);
      return proxied != null ? proxied : "";
    }
    return uris.mediaFile(MediaFiles.ORIGINAL, m.fileName());
  }

  /** {@code url} if it is a web address (others' servers send what they like), else {@code fallback}. */
  static String web(String url, String fallback) {
    return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : fallback;
  }

  static String previewUrl(MediaAttachment m, Uris uris) {
    if (m.isRemote()) {
      String preview = uris.remoteMedia().preview(m.remoteUrl(), RemoteMediaUrls.Kind.ATTACHMENT);
      return preview != null ? preview : "";
    }
    return m.previewName() != null ? uris.mediaFile(MediaFiles.SMALL, m.previewName()) : url(m, uris);
  }
}

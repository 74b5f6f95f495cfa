package org.plutro.server.http.web;

/**
 * A post in a list, short: who wrote it, the start of its text, where to read it (ours at its page
 * here, another server's there).
 */
public record PostExcerpt(long id, String authorName, String handle, String text, String link,
    String published, boolean reply) {
  static final int LENGTH = 240;

  public static PostExcerpt of(PostView post) {
    String text = post.warned() ? "Content warning: " + post.spoiler() : post.text();
    if (text.length() > LENGTH) {
      text = text.substring(0, LENGTH - 1).stripTrailing() + "…";
    }
    return new PostExcerpt(post.status().id(), post.authorName(), post.handle(), text,
        post.local() ? "/@" + post.author().username() + "/" + post.status().id() : post.link(),
        post.publishedText(), post.status().inReplyToId() != null || post.status().inReplyToUri() != null);
  }
}

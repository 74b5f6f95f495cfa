package org.plutro.server.http.web.compose;

import java.util.List;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.PostView;

/**
 * What the edit page shows: the post as it is ({@code post}, its files with their alt texts),
 * the form as typed, and the poll's choices (empty without a poll), which an edit keeps.
 */
public record EditView(PostView post, Form form, List<String> pollOptions) {
  /** One of the post's files as the form lists it: its number (field {@code remove_N}) and how it looks. */
  public record File(int number, PostView.Media media) {}

  public List<File> files() {
    List<PostView.Media> media = post.attachments();
    return java.util.stream.IntStream.range(0, media.size()).mapToObj(i -> new File(i + 1, media.get(i))).toList();
  }

  public String action() {
    return "/statuses/" + post.status().id() + "/edit";
  }

  public String historyPath() {
    return "/statuses/" + post.status().id() + "/history";
  }
}

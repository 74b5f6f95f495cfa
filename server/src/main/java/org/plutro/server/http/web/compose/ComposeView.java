package org.plutro.server.http.web.compose;

import java.util.List;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.MemberPost;
import org.plutro.server.service.PollService;
import org.plutro.server.service.StatusService;

/**
 * What the compose page shows: the form as typed (with its errors), the post it answers or
 * quotes (null for none), and why a quote is refused (null when it is not).
 */
public record ComposeView(Form form, MemberPost replyTo, MemberPost quoted, String quoteRefusal) {
  public static final int MAX_CHARACTERS = StatusService.MAX_CHARACTERS;
  public static final int MAX_FILES = MediaAttachment.MAX_PER_POST;
  public static final int MAX_OPTIONS = PollService.MAX_OPTIONS;
  public static final int MAX_OPTION_CHARS = PollService.MAX_OPTION_CHARS;

  /** A value and its plain label, for the form's choices. */
  public record Choice(String value, String label) {}

  public static final List<Choice> VISIBILITIES = List.of(
      new Choice("public", "Public"),
      new Choice("unlisted", "Unlisted: not in public timelines"),
      new Choice("private", "Followers only"),
      new Choice("direct", "Only people mentioned"));

  public static final List<Choice> QUOTE_POLICIES = List.of(
      new Choice("public", "Anyone"),
      new Choice("followers", "Your followers"),
      new Choice("nobody", "Only you"));

  public static final List<Choice> POLL_DURATIONS = List.of(
      new Choice("300", "5 minutes"), new Choice("1800", "30 minutes"), new Choice("3600", "1 hour"),
      new Choice("21600", "6 hours"), new Choice("86400", "1 day"), new Choice("259200", "3 days"),
      new Choice("604800", "7 days"));

  /** 1 to {@link #MAX_FILES}: the numbers of the file slots (fields {@code media_N}, {@code description_N}). */
  public static List<Integer> fileSlots() {
    return java.util.stream.IntStream.rangeClosed(1, MAX_FILES).boxed().toList();
  }

  /** 1 to {@link #MAX_OPTIONS}: the numbers of the poll's options (fields {@code poll_option_N}). */
  public static List<Integer> optionSlots() {
    return java.util.stream.IntStream.rangeClosed(1, MAX_OPTIONS).boxed().toList();
  }

  /** Whether the media part starts open: something was typed or went wrong there. */
  public boolean mediaOpen() {
    for (int slot : fileSlots()) {
      if (!form.value("description_" + slot).isEmpty() || form.hasError("media_" + slot)
          || form.hasError("description_" + slot)) {
        return true;
      }
    }
    return form.hasError("media");
  }

  /** Whether the poll part starts open: an option was typed or the poll was refused. */
  public boolean pollOpen() {
    for (int slot : optionSlots()) {
      if (!form.value("poll_option_" + slot).isEmpty()) {
        return true;
      }
    }
    return form.hasError("poll");
  }
}

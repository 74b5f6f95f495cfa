package org.plutro.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.plutro.server.domain.CustomEmoji;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.LocalEmojis;
import org.plutro.server.uri.Uris;

/**
 * {@code emoji list}, {@code emoji add --shortcode CODE --file IMAGE [--category NAME]},
 * {@code emoji remove --shortcode CODE}: the instance's custom emoji.
 */
final class EmojiCommand {
  static final Set<String> ACTIONS = Set.of("list", "add", "remove");

  private EmojiCommand() {}

  static int run(LocalEmojis emojis, Uris uris, String action, Map<String, String> options,
      PrintStream out, PrintStream err) throws Exception {
    if (action.equals("list")) {
      List<CustomEmoji> all = Await.result(emojis.list());
      for (CustomEmoji emoji : all) {
        out.printf("%-24s %-16s %s%n", emoji.colonized(), emoji.category() == null ? "-" : emoji.category(),
            uris.emojiImage(emoji));
      }
      out.println(all.size() + (all.size() == 1 ? " emoji" : " emoji"));
      return 0;
    }
    String shortcode = options.get("shortcode");
    if (shortcode == null || shortcode.isBlank() || (action.equals("add") && options.get("file") == null)) {
      err.println("plutro: --shortcode" + (action.equals("add") ? " and --file are" : " is") + " required");
      return 2;
    }
    try {
      if (action.equals("add")) {
        CustomEmoji emoji = Await.result(emojis.add(shortcode, Path.of(options.get("file")).toAbsolutePath(),
            options.get("category")));
        out.println(emoji.colonized() + " added: " + uris.emojiImage(emoji));
      } else {
        CustomEmoji emoji = Await.result(emojis.remove(shortcode));
        out.println(emoji.colonized() + " removed");
      }
      return 0;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ServiceException refused) {
        err.println("plutro: " + refused.getMessage());
        return 1;
      }
      throw e;
    }
  }
}

package org.plutro.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmojiCodesTest {
  @Test
  void findsShortcodesAsMastodonDoes() {
    assertEquals(List.of("blob", "cat_2"), List.copyOf(EmojiCodes.in("<p>:blob: and :cat_2:</p>", null)));
    assertEquals(Set.of(), EmojiCodes.in("a:blob: 12:30:45 :x: ::blob:: :bad-code:"));
    assertEquals(Set.of("ok"), EmojiCodes.in("line\n:ok:"));
    String many = String.join(" ", IntStream.range(0, 80).mapToObj(i -> ":e" + i + ":").toList());
    assertEquals(EmojiCodes.MAX_PER_TEXT, EmojiCodes.in(many).size());
  }

  @Test
  void showsKnownEmojiAsImagesOnlyInText() {
    Map<String, String> images = Map.of("blob", "https://x.example/blob.png?a=1&b=\"2\"");
    String html = EmojiCodes.html("<p><a href=\"https://y.example/:blob:\">:blob:</a> :other:</p>", images::get);
    assertEquals("<p><a href=\"https://y.example/:blob:\"><img class=\"emoji\""
        + " src=\"https://x.example/blob.png?a=1&amp;b=&quot;2&quot;\" alt=\":blob:\" title=\":blob:\""
        + " width=\"20\" height=\"20\" draggable=\"false\"></a> :other:</p>", html);
  }
}

package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * An admin adds a custom emoji from the command line; members use it in their posts and names;
 * the API, the pages and the ActivityPub documents show it, and another Plutro instance that
 * reads them shows it too, with the image on the first instance.
 */
class LocalEmojisTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();
  static Path folder;

  @BeforeAll
  static void start() throws IOException {
    folder = TestInstance.tempDir(); // removed when the tests end
  }

  @Test
  void anEmojiAddedByAnAdminShowsHereAndOnTheOtherInstance() throws IOException {
    Path png = image("png", 64);
    assertEquals(0, cli("emoji", "add", "--shortcode", "plutro_blob", "--file", png.toString(),
        "--category", "Blobs"), printed);
    JsonArray picker = net.a().get("/api/v1/custom_emojis").array();
    assertEquals(1, picker.size(), picker.encode());
    JsonObject emoji = picker.getJsonObject(0);
    assertEquals("plutro_blob", emoji.getString("shortcode"));
    assertTrue(emoji.getString("url").startsWith(net.a().base() + "/media/original/"), emoji.encode());
    assertEquals(emoji.getString("url"), emoji.getString("static_url"));
    assertEquals(true, emoji.getBoolean("visible_in_picker"));
    assertEquals("Blobs", emoji.getString("category"));
    assertEquals(200, net.a().getBytes(URI.create(emoji.getString("url")).getPath()).statusCode());
    assertEquals(0, cli("emoji", "list"));
    assertTrue(printed.contains(":plutro_blob:") && printed.contains("Blobs"), printed);

    // A member names it in her name and her post.
    Member ada = net.a().register("ada");
    Reply named = ProfileAndClosureTest.patchJson(net.a(), ada.token(),
        new JsonObject().put("display_name", "Ada :plutro_blob:"));
    assertEquals(200, named.status(), named.body());
    assertEquals(List.of("plutro_blob"), shortcodes(named.json().getJsonArray("emojis")));
    Reply posted = net.a().postForm("/api/v1/statuses", Map.of("status", "Hello :plutro_blob: and :unknown:",
        "visibility", "public"), "Authorization", "Bearer " + ada.token());
    assertEquals(200, posted.status(), posted.body());
    JsonObject status = posted.json();
    assertEquals(List.of("plutro_blob"), shortcodes(status.getJsonArray("emojis")));
    assertEquals(emoji, status.getJsonArray("emojis").getJsonObject(0));
    assertEquals(List.of("plutro_blob"), shortcodes(net.a().get("/api/v1/accounts/" + ada.id()).json()
        .getJsonArray("emojis")));

    // Its Note and her actor carry the Emoji tag.
    JsonObject note = net.a().get(status.getString("uri"), "Accept", "application/activity+json").json();
    JsonObject tag = emojiTag(note.getJsonArray("tag"));
    assertEquals(":plutro_blob:", tag.getString("name"));
    assertEquals(emoji.getString("url"), tag.getJsonObject("icon").getString("url"));
    assertEquals("image/png", tag.getJsonObject("icon").getString("mediaType"));
    JsonObject actor = net.a().get(ada.actorUri(), "Accept", "application/activity+json").json();
    assertEquals(":plutro_blob:", emojiTag(actor.getJsonArray("tag")).getString("name"));

    // The tag's id is the Emoji itself, as Mastodon serves it; a browser is sent to the image.
    String emojiPath = URI.create(tag.getString("id")).getPath();
    Reply served = net.a().get(emojiPath, "Accept", "application/activity+json");
    assertEquals(200, served.status(), served.body());
    assertTrue(served.header("Content-Type").startsWith("application/activity+json"), served.header("Content-Type"));
    JsonObject object = served.json();
    assertEquals(tag.getString("id"), object.getString("id"));
    assertEquals("Emoji", object.getString("type"));
    assertEquals(":plutro_blob:", object.getString("name"));
    assertEquals(tag.getJsonObject("icon"), object.getJsonObject("icon"));
    assertEquals(tag.getString("updated"), object.getString("updated"));
    assertTrue(object.getValue("@context").toString().contains("toot:Emoji"), object.encode());
    Reply browsed = net.a().get(emojiPath, "Accept", "text/html");
    assertEquals(emoji.getString("url"), URI.create(net.a().base()).resolve(browsed.header("Location")).toString(),
        browsed.status() + " " + browsed.body());
    assertEquals(404, net.a().get("/emojis/123456789", "Accept", "application/activity+json").status());
    assertEquals(404, net.a().get("/emojis/not-a-number", "Accept", "application/activity+json").status());

    // The pages show it as a small image.
    String img = "alt=\":plutro_blob:\"";
    assertTrue(net.a().get("/@ada", "Accept", "text/html").body().contains(img));
    Reply page = net.a().get(status.getString("url"), "Accept", "text/html");
    assertTrue(page.body().contains("<img class=\"emoji\" src=\"" + emoji.getString("url") + "\" " + img),
        page.body());
    assertTrue(page.body().contains(":unknown:"), "an unknown shortcode stays text");

    // The other instance reads her post and her actor: the emoji comes along, its image hers.
    Member bob = net.b().register("bob");
    Reply found = net.b().getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(status.getString("uri"), StandardCharsets.UTF_8), bob.token());
    assertEquals(200, found.status(), found.body());
    JsonObject copy = found.json().getJsonArray("statuses").getJsonObject(0);
    assertEquals(List.of("plutro_blob"), shortcodes(copy.getJsonArray("emojis")));
    // b shows its own copy of a's image, fetched from a.
    String copied = copy.getJsonArray("emojis").getJsonObject(0).getString("url");
    assertTrue(copied.startsWith(net.b().base() + "/media/remote/emoji/"), copied);
    assertEquals(200, net.b().getBytes(URI.create(copied).getPath()).statusCode());
    assertEquals(List.of("plutro_blob"), shortcodes(copy.getJsonObject("account").getJsonArray("emojis")));
    assertEquals(new JsonArray(), net.b().get("/api/v1/custom_emojis").array(), "not b's own");

    assertEquals(0, cli("emoji", "remove", "--shortcode", "plutro_blob"), printed);
    assertEquals(new JsonArray(), net.a().get("/api/v1/custom_emojis").array());
    assertEquals(404, net.a().get(emojiPath, "Accept", "application/activity+json").status(), "removed");
    assertEquals(1, cli("emoji", "remove", "--shortcode", "plutro_blob"), "already removed");
  }

  /**
   * Plutro names a replaced emoji image anew, but other servers may change the picture behind the
   * same address and say so only with the tag's {@code updated}: here a's file is overwritten in
   * place to stand in for them. b copies it again, and its address for the copy changes, so that
   * browsers which kept the old picture for a year load the new one; the old address still answers.
   */
  @Test
  void anEmojiRefreshedAtTheSameAddressGetsANewAddressOnTheOtherInstance() throws Exception {
    assertEquals(0, cli("emoji", "add", "--shortcode", "fresh_blob", "--file", image("png", 40).toString()),
        printed);
    Member cleo = net.a().register("cleo");
    String first = net.a().postForm("/api/v1/statuses", Map.of("status", "Hello :fresh_blob:",
        "visibility", "public"), "Authorization", "Bearer " + cleo.token()).json().getString("uri");
    Member dan = net.b().register("dan");
    String copyId = resolve(dan, first).getString("id");
    String uncopied = emojiUrl(net.b().get("/api/v1/statuses/" + copyId).json());
    assertTrue(uncopied.startsWith(net.b().base() + "/media/remote/emoji/"), uncopied);
    assertEquals(40, servedSide(uncopied));
    // Copied now (on that first view): the address names the copy.
    String before = emojiUrl(net.b().get("/api/v1/statuses/" + copyId).json());
    assertTrue(before.contains("?v="), before);

    // The picture changes behind the same address, and a's emoji says it is newer.
    JsonObject local = net.a().get("/api/v1/custom_emojis").array().stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("shortcode").equals("fresh_blob")).findFirst().orElseThrow();
    String name = local.getString("url").substring(local.getString("url").lastIndexOf('/') + 1);
    Files.copy(image("png", 24), net.a().settings().dataDir().resolve("media/original").resolve(name),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    net.a().sql("UPDATE custom_emojis SET updated_at = updated_at + interval '1 minute'"
        + " WHERE shortcode = 'fresh_blob' AND domain IS NULL");
    String second = net.a().postForm("/api/v1/statuses", Map.of("status", "Again :fresh_blob:",
        "visibility", "public"), "Authorization", "Bearer " + cleo.token()).json().getString("uri");
    resolve(dan, second);

    // The first post, seen before, shows the new copy at a new address; the old one still answers.
    Eventually.within10s("b's address for the emoji changes", () -> !before.equals(
        emojiUrl(net.b().get("/api/v1/statuses/" + copyId).json())));
    String after = emojiUrl(net.b().get("/api/v1/statuses/" + copyId).json());
    assertTrue(after.contains("?v="), after);
    assertEquals(before.substring(0, before.indexOf('?')), after.substring(0, after.indexOf('?')));
    assertEquals(24, servedSide(after));
    assertEquals(24, servedSide(before));
    JsonObject account = net.b().get("/api/v1/statuses/" + copyId).json().getJsonObject("account");
    assertEquals(new JsonArray(), account.getJsonArray("emojis"), "her name names none");
    assertEquals(after, net.b().get("/api/v1/statuses/" + copyId).json().getJsonArray("emojis")
        .getJsonObject(0).getString("static_url"));
    // Dan's pages show the new address too.
    String timeline = org.plutro.server.testrig.WebSignIn.as(net.b(), dan).get("/public").body();
    assertTrue(timeline.contains("src=\"" + after + "\""), timeline);
    assertFalse(timeline.contains(before), timeline);
    assertEquals(0, cli("emoji", "remove", "--shortcode", "fresh_blob"), printed);
  }

  private static JsonObject resolve(Member member, String uri) {
    Reply found = net.b().getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(uri, StandardCharsets.UTF_8), member.token());
    assertEquals(200, found.status(), found.body());
    return found.json().getJsonArray("statuses").getJsonObject(0);
  }

  private static String emojiUrl(JsonObject status) {
    return status.getJsonArray("emojis").getJsonObject(0).getString("url");
  }

  /** The width of the picture b serves at {@code url}. */
  private static int servedSide(String url) throws IOException {
    URI uri = URI.create(url);
    var served = net.b().getBytes(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    assertEquals(200, served.statusCode(), url);
    return ImageIO.read(new java.io.ByteArrayInputStream(served.body())).getWidth();
  }

  @Test
  void badEmojiAreRefusedAndNothingIsStored() throws IOException {
    Path png = image("png", 32);
    assertEquals(1, cli("emoji", "add", "--shortcode", "a", "--file", png.toString()), "too short");
    assertEquals(1, cli("emoji", "add", "--shortcode", "no-dashes", "--file", png.toString()));
    assertEquals(1, cli("emoji", "add", "--shortcode", "photo", "--file", image("jpg", 32).toString()));
    assertTrue(printed.contains("PNG, GIF or WebP"), printed);
    Path huge = folder.resolve("huge.png");
    byte[] bytes = new byte[300 * 1024];
    System.arraycopy(Files.readAllBytes(png), 0, bytes, 0, 16);
    Files.write(huge, bytes);
    assertEquals(1, cli("emoji", "add", "--shortcode", "huge", "--file", huge.toString()));
    assertEquals(1, cli("emoji", "add", "--shortcode", "missing", "--file", folder.resolve("none.png").toString()));
    assertEquals(2, cli("emoji", "add", "--shortcode", "nofile"));
    assertEquals(0, net.a().count("SELECT count(*) FROM custom_emojis WHERE shortcode IN"
        + " ('a', 'no-dashes', 'photo', 'huge', 'missing', 'nofile')"));

    assertEquals(0, cli("emoji", "add", "--shortcode", "twice", "--file", png.toString()), printed);
    assertEquals(1, cli("emoji", "add", "--shortcode", "twice", "--file", png.toString()));
    assertTrue(printed.contains("taken"), printed);
    assertEquals(0, cli("emoji", "remove", "--shortcode", "twice"), printed);
  }

  private static JsonObject emojiTag(JsonArray tags) {
    for (Object tag : tags) {
      if (tag instanceof JsonObject t && "Emoji".equals(t.getString("type"))) {
        return t;
      }
    }
    throw new AssertionError("no Emoji tag in " + tags.encode());
  }

  private static List<String> shortcodes(JsonArray emojis) {
    return emojis.stream().map(e -> ((JsonObject) e).getString("shortcode")).toList();
  }

  private static Path image(String format, int side) throws IOException {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    image.getGraphics().setColor(Color.ORANGE);
    image.getGraphics().fillOval(0, 0, side, side);
    Path file = folder.resolve("emoji-" + side + "." + format);
    ImageIO.write(image, format.equals("jpg") ? "jpeg" : format, file.toFile());
    return file;
  }

  static String printed = "";

  private static int cli(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true);
    int code = AdminCommand.run(net.a().settings(), List.of(args), out, out);
    printed = bytes.toString();
    return code;
  }
}

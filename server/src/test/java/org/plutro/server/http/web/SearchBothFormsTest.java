package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * Search is one service: {@code /api/v2/search?resolve=true} and the {@code /search} page list
 * the same accounts, hashtags and posts, for a local and a remote handle (two instances), a
 * hashtag, words, and a pasted post address, ours or the other server's.
 */
class SearchBothFormsTest {
  static TestInstance here;
  static TestInstance there;
  static Member sam;
  static Member lou;
  static Member bea;
  static String lousPost;
  static String beasPostUri;
  static Browser browser;

  @BeforeAll
  static void start() {
    here = TestInstance.start();
    there = TestInstance.start();
    sam = here.register("sam");
    lou = here.register("lou");
    bea = there.register("bea");
    lousPost = here.post(lou, "Herons stand still for hours. #herons #heronwatch");
    here.post(lou, "Herons again, and #herons only.");
    String beas = there.post(bea, "A heron on the far bank. #herons");
    beasPostUri = there.get("/api/v1/statuses/" + beas).json().getString("uri");
    browser = WebSignIn.as(here, sam);
  }

  @AfterAll
  static void stop() {
    here.close();
    there.close();
  }

  /** What both forms found, in order: account profile paths, hashtag names, post ids. */
  record Found(List<String> accounts, List<String> hashtags, List<String> posts) {}

  static Found api(String query, String extra) {
    Reply reply = here.getWithToken("/api/v2/search?resolve=true" + extra + "&q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8), sam.token());
    assertEquals(200, reply.status(), reply.body());
    JsonObject json = reply.json();
    List<String> accounts = new ArrayList<>();
    json.getJsonArray("accounts").forEach(a -> accounts.add("/@" + ((JsonObject) a).getString("acct")));
    List<String> tags = new ArrayList<>();
    json.getJsonArray("hashtags").forEach(t -> tags.add(((JsonObject) t).getString("name")));
    List<String> posts = new ArrayList<>();
    json.getJsonArray("statuses").forEach(s -> posts.add(((JsonObject) s).getString("id")));
    return new Found(accounts, tags, posts);
  }

  static Found page(String query, String extra) {
    Document page = browser.page("/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + extra);
    return new Found(page.select(".account-list .who a").eachAttr("href"),
        page.select(".tag-list a").eachText().stream().map(t -> t.substring(1)).toList(),
        page.select(".search-posts article.member-post").eachAttr("id").stream()
            .map(id -> id.substring("post-".length())).toList());
  }

  static Found both(String query, String extra) {
    Found fromPage = page(query, extra);
    Found fromApi = api(query, extra);
    assertEquals(fromApi, fromPage, query);
    return fromApi;
  }

  @Test
  void aLocalHandle() {
    assertEquals(List.of("/@lou"), both("@lou", "").accounts());
    assertEquals(List.of("/@lou"), both("@lou@" + here.authority(), "").accounts());
  }

  @Test
  void aRemoteHandleIsResolvedFromThePageAsFromTheApi() {
    String handle = "@bea@" + there.authority();
    // The page asks first: it fetches bea's actor, then both find her.
    assertEquals(List.of("/" + handle), page(handle, "").accounts());
    assertEquals(List.of("/" + handle), both(handle, "").accounts());
    assertEquals(List.of(), both("@nobody@" + there.authority(), "").accounts());
  }

  @Test
  void hashtagsAndWords() {
    Found tags = both("#heron", "");
    assertEquals(List.of("herons", "heronwatch"), tags.hashtags().stream().sorted().toList());
    Found words = both("herons", "");
    assertEquals(2, words.posts().size(), words.toString());
    assertEquals(List.of("herons"), both("herons", "&type=hashtags").hashtags());
    assertEquals(List.of(), both("herons", "&type=hashtags").posts());
    assertEquals(1, both("herons", "&limit=1").posts().size());
    assertEquals(words.posts().subList(1, 2), both("herons", "&type=statuses&limit=1&offset=1").posts());
    assertEquals(List.of(), both("herons", "&account_id=" + sam.id()).posts());
  }

  @Test
  void aPastedPostAddressOursOrTheirs() {
    assertEquals(List.of(lousPost), both(here.base() + "/@lou/" + lousPost, "").posts());
    Found theirs = both(beasPostUri, "");
    assertEquals(1, theirs.posts().size(), "fetched from the other server");
    assertEquals(List.of("/@lou"), both(here.base() + "/@lou", "").accounts());
    assertFalse(browser.page("/search?q=" + URLEncoder.encode(beasPostUri, StandardCharsets.UTF_8))
        .select(".search-posts form[action$=/favourite]").isEmpty(), "a member's buttons");
  }

  @Test
  void followingKeepsTheAccountsTheMemberFollows() {
    assertEquals(List.of(), both("@lou", "&following=true").accounts());
    JsonArray none = here.getWithToken("/api/v2/search?q=lou&following=true", sam.token()).json()
        .getJsonArray("accounts");
    assertEquals(0, none.size());
  }
}

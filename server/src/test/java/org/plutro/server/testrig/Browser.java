package org.plutro.server.testrig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without JavaScript, enough for the server-rendered pages: it keeps cookies, reads
 * forms' hidden fields and submits forms. Redirects are not followed, so tests can read them.
 */
public final class Browser {
  private static final Pattern HIDDEN = Pattern.compile(
      "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

  private static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  private final TestInstance instance;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final List<String> setCookies = new ArrayList<>();

  public Browser(TestInstance instance) {
    this.instance = instance;
  }

  public Reply get(String path) {
    return remember(instance.get(path, cookieHeader()));
  }

  public Reply post(String path, Map<String, String> form) {
    return remember(instance.postForm(path, form, cookieHeader()));
  }

  /** A form with files ({@code enctype="multipart/form-data"}). */
  public Reply postMultipart(String path, Multipart form) {
    return remember(instance.postMultipart(path, form, cookieHeader()));
  }

  /** The value of a cookie this browser holds, or null. */
  public String cookie(String name) {
    return cookies.get(name);
  }

  /** Every {@code Set-Cookie} header received, to check their attributes. */
  public List<String> setCookies() {
    return setCookies;
  }

  public void forgetCookies() {
    cookies.clear();
  }

  /** The hidden fields of the page's first form, unescaped. */
  public static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher matcher = HIDDEN.matcher(html);
    while (matcher.find()) {
      fields.putIfAbsent(unescape(matcher.group(1)), unescape(matcher.group(2)));
    }
    return fields;
  }

  /** The query parameters of a redirect's Location, decoded. */
  public static Map<String, String> query(String location) {
    Map<String, String> params = new LinkedHashMap<>();
    int q = location.indexOf('?');
    if (q < 0) {
      return params;
    }
    for (String pair : location.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return params;
  }

  // What a browser says it accepts (so failures come back as pages), and its cookies.
  private String[] cookieHeader() {
    if (cookies.isEmpty()) {
      return new String[] {"Accept", ACCEPT};
    }
    StringJoiner header = new StringJoiner("; ");
    cookies.forEach((name, value) -> header.add(name + "=" + value));
    return new String[] {"Accept", ACCEPT, "Cookie", header.toString()};
  }

  private Reply remember(Reply reply) {
    for (String cookie : reply.headers().allValues("Set-Cookie")) {
      setCookies.add(cookie);
      String pair = cookie.split(";", 2)[0];
      int eq = pair.indexOf('=');
      cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return reply;
  }

  private static String decode(String value) {
    return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&");
  }
}

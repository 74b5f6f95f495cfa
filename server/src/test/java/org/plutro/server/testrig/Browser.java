package org.plutro.server.testrig;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A browser without JavaScript, enough for the server-rendered pages: it says what it is (a user
 * agent) and what it accepts (so failures come back as pages), keeps cookies, reads forms' hidden
 * fields and submits forms. Redirects are not followed, so tests can read them. A signed-in one
 * comes from {@link WebSignIn}.
 */
public final class Browser {
  /** What a browser asks for: failures come back as pages, and a visitor is sent to sign in. */
  public static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  public static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
  /** The name of the forms' CSRF token field. */
  public static final String CSRF = "authenticity_token";

  private static final Pattern HIDDEN = Pattern.compile(
      "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

  private final TestInstance instance;
  private final String userAgent;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final List<String> setCookies = new ArrayList<>();

  /** Firefox on Linux, without cookies. */
  public Browser(TestInstance instance) {
    this(instance, FIREFOX);
  }

  public Browser(TestInstance instance, String userAgent) {
    this.instance = instance;
    this.userAgent = userAgent;
  }

  public Reply get(String path) {
    return remember(instance.get(path, headers()));
  }

  /** A GET whose body is kept as bytes (downloads, images); its cookies are not kept. */
  public HttpResponse<byte[]> getBytes(String path) {
    return instance.getBytes(path, headers());
  }

  public Reply post(String path, Map<String, String> form) {
    return remember(instance.postForm(path, form, headers()));
  }

  /** A form with files ({@code enctype="multipart/form-data"}). */
  public Reply postMultipart(String path, Multipart form) {
    return remember(instance.postMultipart(path, form, headers()));
  }

  /** The page at {@code path}, which must answer 200. */
  public Document page(String path) {
    Reply reply = get(path);
    if (reply.status() != 200) {
      throw new AssertionError(path + " answered " + reply.status() + ": " + reply.body());
    }
    return Jsoup.parse(reply.body(), instance.base());
  }

  /** The CSRF token of the forms on the page at {@code path}. */
  public String csrf(String path) {
    return csrf(page(path));
  }

  /** Posts {@code form} to {@code action} with the CSRF token of the page at {@code pagePath}. */
  public Reply submit(String pagePath, String action, Map<String, String> form) {
    return post(action, form(csrf(pagePath), form));
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

  /** The CSRF token of the page's forms. */
  public static String csrf(Document page) {
    return page.selectFirst("input[name=" + CSRF + "]").val();
  }

  /** A form: the CSRF token (none when null), then name, value pairs. */
  public static Map<String, String> form(String token, String... pairs) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form(token, form);
  }

  private static Map<String, String> form(String token, Map<String, String> fields) {
    Map<String, String> form = new LinkedHashMap<>();
    if (token != null) {
      form.put(CSRF, token);
    }
    form.putAll(fields);
    return form;
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

  private String[] headers() {
    List<String> headers = new ArrayList<>(List.of("Accept", ACCEPT, "User-Agent", userAgent));
    if (!cookies.isEmpty()) {
      StringJoiner header = new StringJoiner("; ");
      cookies.forEach((name, value) -> header.add(name + "=" + value));
      headers.addAll(List.of("Cookie", header.toString()));
    }
    return headers.toArray(String[]::new);
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

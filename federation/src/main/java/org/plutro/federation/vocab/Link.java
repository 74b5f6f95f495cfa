package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code url} value: a bare URL, or a {@code Link} with its media type (PeerTube lists several,
 * one per format). Written back as a bare URL when it is nothing more.
 */
public record Link(String href, String mediaType, String name, List<String> rel) {
  public Link {
    rel = rel == null ? List.of() : List.copyOf(rel);
  }

  public static Link of(String href) {
    return new Link(href, null, null, List.of());
  }

  public boolean isHttp() {
    return href != null && (href.regionMatches(true, 0, "https://", 0, 8)
        || href.regionMatches(true, 0, "http://", 0, 7));
  }

  Object toJson() {
    if (mediaType == null && name == null && rel.isEmpty()) {
      return href;
    }
    Out out = new Out().put("type", "Link").put("href", href).put("mediaType", mediaType)
        .put("name", name);
    if (!rel.isEmpty()) {
      out.oneOrMany("rel", rel, r -> r);
    }
    return out.done(new JsonObject());
  }

  /** The links of a {@code url} property: strings, {@code Link}s, or objects with a {@code url}. */
  static List<Link> read(Props props, String key) {
    List<Object> values = props.values(key);
    List<Link> links = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String where = props.item(key, i);
      Object value = values.get(i);
      if (value instanceof String) {
        links.add(of(Props.uriOf(where, value)));
      } else if (value instanceof JsonObject object) {
        Object href = object.getValue("href") != null ? object.getValue("href") : object.getValue("url");
        if (href instanceof JsonObject || href instanceof io.vertx.core.json.JsonArray) {
          continue;
        }
        String url = Props.uriOf(where + ".href", href);
        if (url == null) {
          continue;
        }
        List<String> rel = new ArrayList<>();
        List<Object> rels = Props.valuesOf(where + ".rel", object.getValue("rel"));
        for (int r = 0; r < rels.size(); r++) {
          rel.add(Props.text(Props.itemOf(where + ".rel", object.getValue("rel"), r), rels.get(r)));
        }
        links.add(new Link(url, Props.text(where + ".mediaType", object.getValue("mediaType")),
            Props.text(where + ".name", object.getValue("name") instanceof String s ? s : null), rel));
      } else {
        throw new VocabException(where, "expected a URL or a Link, got " + Props.kind(value));
      }
    }
    return List.copyOf(links);
  }

  /** The first http(s) link, preferring an HTML page (a post's or profile's web address). */
  static String firstHttp(List<Link> links) {
    String any = null;
    for (Link link : links) {
      if (link.isHttp()) {
        if (link.mediaType() == null || link.mediaType().startsWith("text/html")) {
          return link.href();
        }
        any = any == null ? link.href() : any;
      }
    }
    return any;
  }
}

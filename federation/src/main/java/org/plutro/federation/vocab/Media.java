package org.plutro.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A media attachment ({@code Document}, {@code Image}, {@code Video}, {@code Audio}) or an
 * actor's {@code icon} / {@code image}: the properties Mastodon reads and writes. {@code name} is
 * the description (alt text); {@code focalPoint} is Mastodon's x, y in [-1, 1].
 */
public record Media(List<String> types, String mediaType, List<Link> url, String name, String summary,
    String blurhash, FocalPoint focalPoint, Integer width, Integer height, JsonObject extra) {

  /** Mastodon's focal point: x from -1 (left) to 1 (right), y from -1 (bottom) to 1 (top). */
  public record FocalPoint(double x, double y) {}

  public Media {
    types = List.copyOf(types);
    url = List.copyOf(url);
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  /** An image at {@code url} (an avatar or header). */
  public static Media image(String mediaType, String url) {
    return new Media(List.of("Image"), mediaType, List.of(Link.of(url)), null, null, null, null, null,
        null, new JsonObject());
  }

  /** An attachment as Mastodon writes one. */
  public static Media document(String mediaType, String url, String description, String blurhash,
      FocalPoint focalPoint, Integer width, Integer height) {
    return new Media(List.of("Document"), mediaType, List.of(Link.of(url)), description, null, blurhash,
        focalPoint, width, height, new JsonObject());
  }

  public String type() {
    return types.isEmpty() ? null : types.get(0);
  }

  /** The file's URL: the first http(s) one. */
  public String href() {
    for (Link link : url) {
      if (link.isHttp()) {
        return link.href();
      }
    }
    return null;
  }

  /** {@code withName}: attachments are written with {@code "name": null} when they have none. */
  JsonObject toJson(boolean withName) {
    Out out = new Out().types(types).put("mediaType", mediaType);
    if (is("Link") && url.size() == 1 && url.get(0).mediaType() == null) {
      out.put("href", url.get(0).href());
    } else {
      out.oneOrMany("url", url, Link::toJson);
    }
    if (withName) {
      out.putNull("name", name);
    } else {
      out.put("name", name);
    }
    out.put("summary", summary).put("blurhash", blurhash);
    if (focalPoint != null) {
      out.put("focalPoint", new JsonArray().add(focalPoint.x()).add(focalPoint.y()));
    }
    return out.put("width", width).put("height", height).done(extra);
  }

  private boolean is(String type) {
    return types.contains(type);
  }

  static Media read(Props props) {
    List<String> types = props.types();
    List<Link> url = Link.read(props, props.has("url") ? "url" : "href");
    props.consume("href");
    String name = props.string("name");
    Integer width = dimension(props, "width");
    Integer height = dimension(props, "height");
    return new Media(types, props.string("mediaType"), url, name, props.string("summary"),
        props.string("blurhash"), focalPoint(props), width, height, props.extra());
  }

  /** A bare URL where an attachment or icon was expected. */
  static Media ofUrl(String url) {
    return new Media(List.of(), null, List.of(Link.of(url)), null, null, null, null, null, null,
        new JsonObject());
  }

  /**
   * A size in pixels. Sizes and focal points only help to show the file: one we cannot read is
   * left as sent (in {@code extra}), never a reason to refuse the attachment (as peculiar dates).
   */
  private static Integer dimension(Props props, String key) {
    Object value = props.peek(key);
    if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() < Integer.MAX_VALUE) {
      props.consume(key);
      return n.intValue();
    }
    return null;
  }

  private static FocalPoint focalPoint(Props props) {
    Object value = props.peek("focalPoint");
    if (value instanceof JsonArray array && array.size() == 2 && array.getValue(0) instanceof Number x
        && array.getValue(1) instanceof Number y) {
      props.consume("focalPoint");
      return new FocalPoint(x.doubleValue(), y.doubleValue());
    }
    return null;
  }

  /** An {@code icon} or {@code image}: an object, or a bare URL. */
  static Media readIcon(Props props, String key) {
    Object value = props.raw(key);
    List<Object> values = Props.valuesOf(props.where(key), value);
    if (values.isEmpty()) {
      return null;
    }
    Object first = values.get(0);
    if (first instanceof String) {
      return ofUrl(Props.uriOf(props.where(key), first));
    }
    if (first instanceof JsonObject object) {
      return read(props.child(object, props.where(key)));
    }
    throw new VocabException(props.where(key), "expected an image, got " + Props.kind(first));
  }
}

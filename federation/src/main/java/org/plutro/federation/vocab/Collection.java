package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code Collection}, {@code OrderedCollection} and their pages. {@code items} holds
 * {@code orderedItems} or {@code items}, whichever was sent; it is written as
 * {@code orderedItems} for an ordered type and {@code items} otherwise, on a page, when there are
 * any, or when the collection is empty with no {@code first} page (a collection only counted, as
 * a hidden followers list, writes none unless it counts 0).
 */
public record Collection(
    String id,
    List<String> types,
    Long totalItems,
    Ref<Collection> first,
    Ref<Collection> last,
    Ref<Collection> next,
    Ref<Collection> prev,
    String partOf,
    List<Ref<AsObject>> items,
    JsonObject extra) implements AsObject {

  public Collection {
    types = List.copyOf(types);
    items = List.copyOf(items);
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  /** A collection stating only its size (a post's likes, a hidden followers list). */
  public static Collection counted(String id, String type, long totalItems) {
    return new Collection(id, List.of(type), totalItems, null, null, null, null, null, List.of(), null);
  }

  /** A collection listing all its items (a member's pinned posts). */
  public static Collection of(String id, String type, List<Ref<AsObject>> items) {
    return new Collection(id, List.of(type), (long) items.size(), null, null, null, null, null, items, null);
  }

  /** A collection whose items are on its pages, the first embedded or by id ({@code totalItems} null when not told). */
  public static Collection paged(String id, String type, Long totalItems, Ref<Collection> first) {
    return new Collection(id, List.of(type), totalItems, first, null, null, null, null, List.of(), null);
  }

  /** A page of items; {@code next} null on the last. */
  public static Collection page(String id, String type, String partOf, String next, List<Ref<AsObject>> items) {
    return page(id, type, partOf, null, null, next, items);
  }

  /** A page of a counted collection, with the pages before and after it (null when none). */
  public static Collection page(String id, String type, String partOf, Long totalItems, String prev, String next,
      List<Ref<AsObject>> items) {
    return new Collection(id, List.of(type), totalItems, null, null, next == null ? null : Ref.to(next),
        prev == null ? null : Ref.to(prev), partOf, items, null);
  }

  public boolean isOrdered() {
    return types.stream().anyMatch(type -> type.startsWith("Ordered"));
  }

  public List<String> itemIds() {
    return items.stream().map(Ref::id).filter(java.util.Objects::nonNull).toList();
  }

  @Override
  public JsonObject toJsonEmbedded() {
    Out out = new Out().put("id", id).types(types).put("totalItems", totalItems)
        .ref("first", first).ref("last", last).ref("next", next).ref("prev", prev).put("partOf", partOf);
    // An empty collection with no page to go to lists its (no) items, as Mastodon writes one.
    boolean empty = first == null && Long.valueOf(0).equals(totalItems);
    if (!items.isEmpty() || empty || types.stream().anyMatch(type -> type.endsWith("Page"))) {
      out.array(isOrdered() ? "orderedItems" : "items", items, Out::ref);
    }
    return out.done(extra);
  }

  static Collection read(Props props) {
    String id = props.uri("id");
    List<String> types = props.types();
    Long total = props.integer("totalItems");
    Ref<Collection> first = props.ref("first", Collection::read);
    Ref<Collection> last = props.ref("last", Collection::read);
    Ref<Collection> next = props.ref("next", Collection::read);
    Ref<Collection> prev = props.ref("prev", Collection::read);
    String partOf = props.uri("partOf");
    String key = props.has("orderedItems") ? "orderedItems" : "items";
    List<Ref<AsObject>> items = props.refs(key, Vocab::read);
    props.consume("orderedItems");
    props.consume("items");
    return new Collection(id, types, total == null ? null : Math.max(0, total), first, last, next, prev,
        partOf, items, props.extra());
  }
}

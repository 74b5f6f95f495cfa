package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** What a deleted object became: {@code Tombstone} with its {@code formerType}. */
public record Tombstone(String id, List<String> types, String formerType, Instant deleted, JsonObject extra)
    implements AsObject {

  public Tombstone {
    types = List.copyOf(types);
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  public static Tombstone of(String id, String formerType) {
    return new Tombstone(id, List.of("Tombstone"), formerType, null, null);
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  @Override
  public JsonObject toJsonEmbedded() {
    return new Out().put("id", id).types(types).put("formerType", formerType).instant("deleted", deleted)
        .done(extra);
  }

  static Tombstone read(Props props) {
    return new Tombstone(props.uri("id"), props.types(), props.string("formerType"),
        props.instant("deleted"), props.extra());
  }
}

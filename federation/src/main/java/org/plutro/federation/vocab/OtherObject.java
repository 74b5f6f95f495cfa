package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An object of a type Plutro does not model (a {@code QuoteAuthorization}, a {@code Place},
 * a type of some other software): its id and types, everything else in {@link #extra()}.
 */
public record OtherObject(String id, List<String> types, JsonObject extra) implements AsObject {
  public OtherObject {
    types = List.copyOf(types);
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  @Override
  public JsonObject toJsonEmbedded() {
    return new Out().put("id", id).types(types).done(extra);
  }

  static OtherObject read(Props props) {
    return new OtherObject(props.uri("id"), props.types(), props.extra());
  }
}

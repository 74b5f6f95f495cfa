package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code Question}'s poll, in Mastodon's shape: options under {@code oneOf} (one choice) or
 * {@code anyOf} (several), each a named {@code Note} with its count as {@code replies.totalItems};
 * {@code endTime}, {@code closed} (a date, or {@code true} from some servers) and
 * {@code votersCount}.
 */
public record Poll(boolean multiple, List<Option> options, Instant endTime, Instant closedAt,
    boolean closed, Long votersCount) {

  public record Option(String name, long votes) {
    JsonObject toJson() {
      return new JsonObject().put("type", "Note").put("name", name)
          .put("replies", new JsonObject().put("type", "Collection").put("totalItems", votes));
    }
  }

  public Poll {
    options = List.copyOf(options);
    closed = closed || closedAt != null;
  }

  /** Whether votes are over at {@code now}. */
  public boolean isOver(Instant now) {
    return closed || (endTime != null && !endTime.isAfter(now));
  }

  /** The number of voters: as stated, else the sum of the counts. */
  public long voters() {
    return votersCount != null ? votersCount : options.stream().mapToLong(Option::votes).sum();
  }

  void write(Out out) {
    out.array(multiple ? "anyOf" : "oneOf", options, Option::toJson).put("votersCount", votersCount)
        .instant("endTime", endTime);
    if (closedAt != null) {
      out.instant("closed", closedAt);
    } else if (closed) {
      out.put("closed", true);
    }
  }

  /** The poll of a Question, or null when it has no options. */
  static Poll read(Props props) {
    boolean multiple = props.has("anyOf");
    List<Option> options = new ArrayList<>();
    for (String key : new String[] {"oneOf", "anyOf"}) {
      if ((key.equals("anyOf")) == multiple) {
        options.addAll(props.objects(key, Poll::option));
      } else {
        props.consume(key);
      }
    }
    Long voters = props.integer("votersCount");
    Instant endTime = props.instant("endTime");
    Instant closedAt = null;
    boolean closed = false;
    Object value = props.raw("closed");
    if (value instanceof Boolean b) {
      closed = b;
    } else if (value != null) {
      closedAt = props.instant("closed");
      closed = true;
    }
    if (options.isEmpty()) {
      return null;
    }
    return new Poll(multiple, options, endTime, closedAt, closed, voters == null ? null : Math.max(0, voters));
  }

  private static Option option(Props props) {
    String name = props.string("name");
    long votes = props.object("replies", replies -> replies.integer("totalItems")).orElse(0L);
    return new Option(name == null ? "" : name, Math.max(0, votes));
  }
}

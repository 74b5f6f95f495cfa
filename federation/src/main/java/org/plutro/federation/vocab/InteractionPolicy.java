package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * GoToSocial's {@code interactionPolicy}: who may like, reply to, share or quote a post without
 * approval ({@code automaticApproval}, formerly {@code always}) or with it ({@code manualApproval},
 * formerly {@code approvalRequired}). A null rule is one the post does not state (absent, or an
 * empty object).
 */
public record InteractionPolicy(Rule canLike, Rule canReply, Rule canAnnounce, Rule canQuote,
    JsonObject extra) {

  /** One interaction's rule; the lists hold actor ids, collection ids, or Public. */
  public record Rule(List<String> automaticApproval, List<String> always, List<String> manualApproval,
      List<String> approvalRequired) {
    public Rule {
      automaticApproval = List.copyOf(automaticApproval);
      always = List.copyOf(always);
      manualApproval = List.copyOf(manualApproval);
      approvalRequired = List.copyOf(approvalRequired);
    }

    /** A rule written with both the current and the older names, as Plutro publishes it. */
    public static Rule of(List<String> automatic) {
      return new Rule(automatic, automatic, List.of(), List.of());
    }

    /** Who needs no approval, under either name. */
    public List<String> automatic() {
      return union(automaticApproval, always);
    }

    /** Who needs approval, under either name. */
    public List<String> manual() {
      return union(manualApproval, approvalRequired);
    }

    public boolean isEmpty() {
      return automaticApproval.isEmpty() && always.isEmpty() && manualApproval.isEmpty()
          && approvalRequired.isEmpty();
    }

    JsonObject toJson() {
      return new Out().array("automaticApproval", automaticApproval).array("always", always)
          .array("manualApproval", manualApproval).array("approvalRequired", approvalRequired)
          .done(new JsonObject());
    }

    static Rule read(Props props) {
      return new Rule(props.uris("automaticApproval"), props.uris("always"),
          props.uris("manualApproval"), props.uris("approvalRequired"));
    }

    private static List<String> union(List<String> a, List<String> b) {
      LinkedHashSet<String> all = new LinkedHashSet<>(a);
      all.addAll(b);
      return new ArrayList<>(all);
    }
  }

  public InteractionPolicy {
    extra = extra == null ? new JsonObject() : extra.copy();
  }

  @Override
  public JsonObject extra() {
    return extra.copy();
  }

  JsonObject toJson() {
    return new Out().put("canLike", canLike == null ? null : canLike.toJson())
        .put("canReply", canReply == null ? null : canReply.toJson())
        .put("canAnnounce", canAnnounce == null ? null : canAnnounce.toJson())
        .put("canQuote", canQuote == null ? null : canQuote.toJson())
        .done(extra);
  }

  static InteractionPolicy read(Props props) {
    return new InteractionPolicy(rule(props, "canLike"), rule(props, "canReply"),
        rule(props, "canAnnounce"), rule(props, "canQuote"), props.extra());
  }

  /** An empty object ({@code "canReply": {}}) states no rule, as an absent one. */
  private static Rule rule(Props props, String key) {
    return props.object(key, rule -> rule.isEmpty() ? null : Rule.read(rule)).orElse(null);
  }
}

package org.plutro.server.http.api.instance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.Version;
import org.plutro.server.config.Settings;
import org.plutro.server.config.Settings.Registrations;
import org.plutro.server.service.InstanceRules.Rule;
import org.plutro.server.service.ModeratedServers;
import org.plutro.server.service.PollService;

/**
 * Mastodon's {@code Instance} (v2) and {@code V1::Instance} entities. The version names the Mastodon
 * API level we follow first, as other compatible servers do, because apps switch features on it.
 */
public final class InstanceEntity {
  /** What apps parse: the Mastodon version whose API we implement, then who we are. */
  public static final String VERSION = "4.3.0 (compatible; Plutro " + Version.VERSION + ")";
  public static final String SOURCE_URL = "https://github.com/plutro/plutro";
  static final List<String> IMAGE_TYPES = List.of("image/jpeg", "image/png", "image/gif",
      "image/webp");

  /** What the entities are built from. */
  public record Facts(Settings settings, String base, String authority, long users,
      long activeMonth, long statuses, long domains, JsonObject contactAccount, List<Rule> rules,
      String vapidKey) {}

  private InstanceEntity() {}

  public static JsonObject v2(Facts facts) {
    Settings settings = facts.settings();
    boolean approval = settings.registrations() == Registrations.APPROVAL;
    boolean open = settings.registrations() == Registrations.OPEN || approval;
    return new JsonObject()
        .put("domain", facts.authority())
        .put("title", settings.instanceName())
        .put("version", VERSION)
        .put("source_url", SOURCE_URL)
        .put("description", settings.instanceDescription())
        .put("usage", new JsonObject().put("users", new JsonObject()
            .put("active_month", facts.activeMonth())))
        .put("thumbnail", new JsonObject().put("url", thumbnail(facts)))
        .put("icon", new JsonArray())
        .put("languages", new JsonArray().add("en"))
        .put("configuration", new JsonObject()
            .put("urls", new JsonObject()
                .put("streaming", streaming(facts))
                .put("status", null))
            .put("vapid", new JsonObject().put("public_key", facts.vapidKey()))
            .put("accounts", new JsonObject()
                .put("max_featured_tags", 10)
                .put("max_pinned_statuses", 5))
            .put("statuses", statuses())
            .put("media_attachments", media().put("description_limit", 1500))
            .put("polls", polls())
            .put("translation", new JsonObject().put("enabled", false))
            .put("federation", federation(settings)))
        .put("registrations", new JsonObject()
            .put("enabled", open)
            .put("approval_required", approval)
            .put("reason_required", approval)
            .put("message", open ? null : closedMessage(settings))
            .put("min_age", null)
            .put("url", null))
        .put("api_versions", new JsonObject().put("mastodon", 2))
        .put("contact", new JsonObject()
            .put("email", settings.contactEmail())
            .put("account", facts.contactAccount()))
        .put("rules", rules(facts.rules()));
  }

  public static JsonObject v1(Facts facts) {
    Settings settings = facts.settings();
    return new JsonObject()
        .put("uri", facts.authority())
        .put("title", settings.instanceName())
        .put("short_description", settings.instanceDescription())
        .put("description", settings.instanceDescription())
        .put("email", settings.contactEmail())
        .put("version", VERSION)
        .put("urls", new JsonObject().put("streaming_api", streaming(facts)))
        .put("stats", new JsonObject()
            .put("user_count", facts.users())
            .put("status_count", facts.statuses())
            .put("domain_count", facts.domains()))
        .put("thumbnail", thumbnail(facts))
        .put("languages", new JsonArray().add("en"))
        .put("registrations", settings.registrations() == Registrations.OPEN
            || settings.registrations() == Registrations.APPROVAL)
        .put("approval_required", settings.registrations() == Registrations.APPROVAL)
        .put("invites_enabled", settings.registrations() != Registrations.CLOSED)
        .put("configuration", new JsonObject()
            .put("accounts", new JsonObject().put("max_featured_tags", 10)
                .put("max_pinned_statuses", 5))
            .put("statuses", statuses())
            .put("media_attachments", media())
            .put("polls", polls())
            .put("federation", federation(settings)))
        .put("contact_account", facts.contactAccount())
        .put("rules", rules(facts.rules()));
  }

  /** Mastodon's DomainBlock entities: domain (starred out if obfuscated), digest, severity, comment. */
  public static JsonArray domainBlocks(List<ModeratedServers.Server> servers) {
    JsonArray array = new JsonArray();
    for (ModeratedServers.Server server : servers) {
      array.add(new JsonObject().put("domain", server.domain()).put("digest", server.digest())
          .put("severity", server.severity() == ModeratedServers.Severity.SUSPENDED ? "suspend" : "silence")
          .put("comment", server.comment()));
    }
    return array;
  }

  /**
   * Plutro's: whom the server federates with, {@code open} or {@code limited} (only the servers
   * its admins allow; Mastodon's limited federation mode says so nowhere in its entities).
   */
  public static JsonObject federation(Settings settings) {
    return new JsonObject().put("mode", settings.federationMode().name().toLowerCase(java.util.Locale.ROOT));
  }

  public static JsonArray rules(List<Rule> rules) {
    JsonArray array = new JsonArray();
    for (Rule rule : rules) {
      array.add(new JsonObject().put("id", rule.id()).put("text", rule.text())
          .put("hint", rule.hint()).put("translations", new JsonObject()));
    }
    return array;
  }

  private static JsonObject statuses() {
    return new JsonObject().put("max_characters", 500).put("max_media_attachments", 4)
        .put("characters_reserved_per_url", 23);
  }

  private static JsonObject media() {
    return new JsonObject()
        .put("supported_mime_types", new JsonArray(IMAGE_TYPES))
        .put("image_size_limit", 16_777_216)
        .put("image_matrix_limit", 33_177_600)
        .put("video_size_limit", 103_809_024)
        .put("video_frame_rate_limit", 120)
        .put("video_matrix_limit", 8_294_400);
  }

  private static JsonObject polls() {
    return new JsonObject().put("max_options", PollService.MAX_OPTIONS)
        .put("max_characters_per_option", PollService.MAX_OPTION_CHARS)
        .put("min_expiration", PollService.MIN_EXPIRATION).put("max_expiration", PollService.MAX_EXPIRATION);
  }

  private static String closedMessage(Settings settings) {
    return settings.registrations() == Registrations.INVITE
        ? "<p>Signing up on this server needs an invite.</p>"
        : "<p>Registrations are closed on this server.</p>";
  }

  /** Streaming is served by this process: ws(s):// of the public URL. */
  private static String streaming(Facts facts) {
    return facts.base().replaceFirst("^http", "ws");
  }

  private static String thumbnail(Facts facts) {
    return facts.base() + "/instance/thumbnail.png";
  }
}

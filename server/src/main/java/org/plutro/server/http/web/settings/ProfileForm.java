package org.plutro.server.http.web.settings;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.FieldAudience;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.uri.Uris;

/** The profile form's values: as stored, or as sent when the form comes back with errors. */
public record ProfileForm(String displayName, String note, String avatarUrl, String headerUrl,
    List<FieldRow> fields, boolean locked, boolean bot, boolean discoverable, boolean indexable,
    boolean hideCollections, String profileUrl) {

  /**
   * One profile field's row; {@code audience} is a {@link FieldAudience#wire()} name, {@code
   * verified} whether its link was found to link back.
   */
  public record FieldRow(int number, String name, String value, String audience, boolean verified) {}

  /** Who a field can be shown to, closest last. */
  public static final List<Choice> AUDIENCES = List.of(
      new Choice("everyone", "Everyone"),
      new Choice("members", "Members of this server"),
      new Choice("followers", "Followers only"),
      new Choice("only_me", "Only me"));

  public static final int DISPLAY_NAME_MAX = UpdateProfile.DISPLAY_NAME_MAX;
  public static final int NOTE_MAX = UpdateProfile.NOTE_MAX;
  public static final int FIELD_TEXT_MAX = UpdateProfile.FIELD_TEXT_MAX;

  public static ProfileForm of(Account member, Uris uris) {
    List<FieldRow> rows = new ArrayList<>();
    for (Object item : member.fields()) {
      if (item instanceof JsonObject field && rows.size() < UpdateProfile.FIELDS_MAX) {
        String typed = field.getString("source_value", field.getString("value", ""));
        rows.add(new FieldRow(rows.size() + 1, field.getString("name", ""), typed,
            FieldAudience.of(field).wire(), field.getValue("verified_at") != null));
      }
    }
    return new ProfileForm(member.displayName(), member.noteSource() != null ? member.noteSource() : "",
        pictureOr(member.avatarUrl(), uris.defaultAvatar()),
        pictureOr(member.headerUrl(), uris.defaultHeader()), padded(rows), member.locked(),
        member.bot(), member.discoverable(), member.indexable(), member.hideCollections(),
        uris.profilePage(member.username()));
  }

  /** The values sent, over what is stored (pictures, which a refused form does not keep). */
  public ProfileForm sent(UpdateProfile.Changes changes) {
    List<FieldRow> rows = new ArrayList<>();
    for (UpdateProfile.Field field : changes.fields()) {
      rows.add(new FieldRow(rows.size() + 1, field.name(), field.value(),
          field.audience() == null ? "everyone" : field.audience(), false));
    }
    return new ProfileForm(changes.displayName(), changes.note(), avatarUrl, headerUrl,
        padded(rows), changes.locked(), changes.bot(), changes.discoverable(), changes.indexable(),
        changes.hideCollections(), profileUrl);
  }

  /** As many rows as a profile may have fields, the empty ones last. */
  private static List<FieldRow> padded(List<FieldRow> rows) {
    List<FieldRow> all = new ArrayList<>(rows);
    while (all.size() < UpdateProfile.FIELDS_MAX) {
      all.add(new FieldRow(all.size() + 1, "", "", "everyone", false));
    }
    return all;
  }

  private static String pictureOr(String url, String fallback) {
    return url != null && !url.isBlank() ? url : fallback;
  }
}

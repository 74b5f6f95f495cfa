package org.plutro.server.domain;

import java.time.OffsetDateTime;
import java.util.List;

/** A post, local or remote; a share (Announce) is a status whose {@code reblogOfId} is set. */
public record Status(
    long id,
    String uri,
    String url,
    long accountId,
    boolean local,
    Long inReplyToId,
    String inReplyToUri,
    String content,
    String sourceText,
    String spoilerText,
    boolean sensitive,
    String language,
    Visibility visibility,
    List<String> to,
    List<String> cc,
    Long reblogOfId,
    OffsetDateTime createdAt,
    OffsetDateTime editedAt,
    OffsetDateTime deletedAt,
    InteractionPolicy policy) {

  public boolean isDeleted() {
    return deletedAt != null;
  }
}

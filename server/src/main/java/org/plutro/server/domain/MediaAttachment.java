package org.plutro.server.domain;

import java.time.OffsetDateTime;

/**
 * A picture or video: uploaded by a local member (files under data/media, named by
 * {@code fileName}/{@code previewName}) or linked from a remote post ({@code remoteUrl}, never
 * copied). Unattached ({@code statusId} null) until a post takes it.
 */
public record MediaAttachment(
    long id,
    long accountId,
    Long statusId,
    String type,
    String contentType,
    String fileName,
    String previewName,
    Long fileSize,
    String remoteUrl,
    String description,
    String blurhash,
    Integer width,
    Integer height,
    Integer previewWidth,
    Integer previewHeight,
    Double duration,
    Double frameRate,
    Double focusX,
    Double focusY,
    OffsetDateTime createdAt) {
  /** Mastodon's limits, for our members' posts and for what we keep of remote ones. */
  public static final int MAX_PER_POST = 4;
  public static final int MAX_DESCRIPTION = 1500;


  public boolean isRemote() {
    return fileName == null;
  }

  public boolean isAttached() {
    return statusId != null;
  }
}

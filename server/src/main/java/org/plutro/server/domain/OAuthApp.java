package org.plutro.server.domain;

import java.util.List;

/** A registered OAuth client (Mastodon's Application). */
public record OAuthApp(long id, String name, String website, List<String> redirectUris,
    List<String> scopes, String clientId, byte[] clientSecretHash) {}

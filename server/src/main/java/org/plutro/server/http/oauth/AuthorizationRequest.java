package org.plutro.server.http.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.OAuthApp;
import org.plutro.server.http.Params;
import org.plutro.server.service.Pkce;
import org.plutro.server.service.Scopes;

/**
 * The parameters of {@code /oauth/authorize} (RFC 6749 §4.1.1, RFC 7636 §4.3), checked against
 * the registered app. Problems with the client or the redirect URI are shown to the user, never
 * sent to an unverified URI; anything else goes back to the app as an error redirect (§4.1.2.1).
 */
record AuthorizationRequest(OAuthApp client, String redirectUri, List<String> scopes, String state,
    String codeChallenge, boolean forceLogin, String lang) {

  /** Fields that travel through the consent form as hidden inputs. */
  static final List<String> FIELDS = List.of("response_type", "client_id", "redirect_uri", "scope",
      "state", "code_challenge", "code_challenge_method", "force_login", "lang");

  /** A problem to show on a page (bad client or redirect URI). */
  static final class PageError extends RuntimeException {
    PageError(String message) {
      super(message, null, false, false);
    }
  }

  /** A problem to report to the app at its redirect URI. */
  static final class RedirectError extends RuntimeException {
    final String redirectUri;
    final String code;
    final String state;

    RedirectError(String redirectUri, String code, String description, String state) {
      super(description, null, false, false);
      this.redirectUri = redirectUri;
      this.code = code;
      this.state = state;
    }
  }

  boolean outOfBand() {
    return RedirectUris.OOB.equals(redirectUri);
  }

  static AuthorizationRequest parse(Params params, OAuthApp client) {
    String redirectUri = params.string("redirect_uri");
    if (redirectUri == null || redirectUri.isBlank()) {
      // RFC 6749 §3.1.2.3: may be left out when the client registered exactly one.
      if (client.redirectUris().size() != 1) {
        throw new PageError("The redirect URI is missing.");
      }
      redirectUri = client.redirectUris().get(0);
    }
    if (!client.redirectUris().contains(redirectUri)) {
      throw new PageError("The redirect URI does not match one the app registered.");
    }
    // An app registered before such URIs were refused is not sent there either.
    if (!RedirectUris.acceptable(redirectUri)) {
      throw new PageError("The app's redirect URI is not one we may send you to.");
    }
    String state = params.string("state");
    if (!"code".equals(params.string("response_type"))) {
      throw new RedirectError(redirectUri, "unsupported_response_type",
          "The authorization server does not support this response type.", state);
    }
    List<String> scopes = Scopes.parse(params.string("scope"));
    if (!Scopes.within(scopes, client.scopes())) {
      throw new RedirectError(redirectUri, "invalid_scope",
          "The requested scope is invalid, unknown, or malformed.", state);
    }
    String challenge = blankToNull(params.string("code_challenge"));
    String method = blankToNull(params.string("code_challenge_method"));
    if (challenge != null || method != null) {
      // RFC 7636 §4.4.1: an unsupported transformation is invalid_request. Without a method the
      // default would be plain, which we refuse like Mastodon.
      if (!"S256".equals(method)) {
        throw new RedirectError(redirectUri, "invalid_request",
            "The code_challenge_method must be S256.", state);
      }
      if (!Pkce.wellFormed(challenge)) {
        throw new RedirectError(redirectUri, "invalid_request",
            "The code_challenge is missing or malformed.", state);
      }
    }
    Boolean force = params.bool("force_login");
    return new AuthorizationRequest(client, redirectUri, scopes, state, challenge,
        Boolean.TRUE.equals(force), params.string("lang"));
  }

  /** The request as hidden form fields, normalised. */
  Map<String, String> hiddenFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("response_type", "code");
    fields.put("client_id", client.clientId());
    fields.put("redirect_uri", redirectUri);
    fields.put("scope", String.join(" ", scopes));
    if (state != null) {
      fields.put("state", state);
    }
    if (codeChallenge != null) {
      fields.put("code_challenge", codeChallenge);
      fields.put("code_challenge_method", "S256");
    }
    if (lang != null) {
      fields.put("lang", lang);
    }
    return fields;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

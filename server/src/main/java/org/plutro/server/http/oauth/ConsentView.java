package org.plutro.server.http.oauth;

import java.util.List;
import java.util.Map;

/**
 * What the consent page ({@code oauth/authorize.jte}) shows: the app, what it may do, the request
 * as hidden fields, and either the sign-in fields, the field for a two-factor code (after a
 * right password, for a member who has it on) or who is signed in.
 */
public record ConsentView(String appName, String website, List<Scope> scopes, Map<String, String> hidden,
    boolean forceLogin, boolean askSignIn, boolean askCode, String signedInAs, String switchAccount,
    String error) {

  /** A scope and what it lets the app do. */
  public record Scope(String name, String text) {}
}

package org.plutro.server.http.oauth;

import java.util.List;
import java.util.Map;

/**
 * What the consent page ({@code oauth/authorize.jte}) shows: the app, what it may do, the request
 * as hidden fields, and either the sign-in fields or who is signed in.
 */
public record ConsentView(String appName, String website, List<Scope> scopes, Map<String, String> hidden,
    boolean forceLogin, boolean askSignIn, String signedInAs, String switchAccount, String error) {

  /** A scope and what it lets the app do. */
  public record Scope(String name, String text) {}
}

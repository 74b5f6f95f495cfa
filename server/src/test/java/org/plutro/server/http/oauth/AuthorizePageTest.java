package org.plutro.server.http.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The consent page's CSP lets its form lead to the app's redirect URI (its origin, or an app's own
 * scheme), and to nothing that would break the header.
 */
class AuthorizePageTest {
  @Test
  void theFormMayLeadToTheRedirectUrisOriginOnly() {
    assertEquals(" https://app.example", AuthorizePage.formTarget("https://app.example/callback?x=1"));
    assertEquals(" http://localhost:8080", AuthorizePage.formTarget("http://localhost:8080/cb"));
    assertEquals(" http://[::1]:9000", AuthorizePage.formTarget("http://[::1]:9000/cb"));
    assertEquals(" com.example.app:", AuthorizePage.formTarget("com.example.app:/oauth"));
    assertEquals("", AuthorizePage.formTarget(null), "out of band: no redirect");
    assertEquals("", AuthorizePage.formTarget("https://bad host/;script-src *"));
    assertEquals("", AuthorizePage.formTarget("not a uri"));
  }
}

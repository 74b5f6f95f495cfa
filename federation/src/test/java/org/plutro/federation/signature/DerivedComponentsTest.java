package org.plutro.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 9421 section 2.2 derived components, with the section's own examples. */
class DerivedComponentsTest {
  private static String base(String path, String authority, String components)
      throws SignatureException {
    SignedRequest request = new SignedRequest("GET", path, authority, "https",
        Requests.headers("Host", authority, "Signature-Input", "s=(" + components
            + ");keyid=\"k\"", "Signature", "s=:AAAA:"), null);
    return Rfc9421Signatures.parseWithoutPolicy(request, "s").signatureBases().get(0);
  }

  @Test
  void queryParamsAreDecodedAndReEncodedAsInSection228() throws Exception {
    String path = "/parameters?var=this%20is%20a%20big%0Amultiline%20value&"
        + "bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something";
    assertEquals("""
        "@query-param";name="var": this%20is%20a%20big%0Amultiline%20value
        "@query-param";name="bar": with%20plus%20whitespace
        "@query-param";name="fa%C3%A7ade%22%3A%20": something
        "@signature-params": ("@query-param";name="var" "@query-param";name="bar" \
        "@query-param";name="fa%C3%A7ade%22%3A%20");keyid="k\"""",
        base(path, "www.example.com", "\"@query-param\";name=\"var\" "
            + "\"@query-param\";name=\"bar\" \"@query-param\";name=\"fa%C3%A7ade%22%3A%20\""));
    assertEquals("""
        "@query-param";name="qux":\s
        "@signature-params": ("@query-param";name="qux");keyid="k\"""",
        base("/path?param=value&foo=bar&baz=batman&qux=", "www.example.com",
            "\"@query-param\";name=\"qux\""));
  }

  @Test
  void repeatedOrMissingQueryParamsAreErrors() {
    assertThrows(SignatureException.class,
        () -> base("/p?a=1&a=2", "example.com", "\"@query-param\";name=\"a\""));
    assertThrows(SignatureException.class,
        () -> base("/p?a=1", "example.com", "\"@query-param\";name=\"b\""));
  }

  @Test
  void authorityPathQueryAndTargetUri() throws Exception {
    assertEquals("""
        "@authority": www.example.com
        "@target-uri": https://WWW.example.com:443/p?q=1
        "@path": /p
        "@query": ?q=1
        "@request-target": /p?q=1
        "@scheme": https
        "@signature-params": ("@authority" "@target-uri" "@path" "@query" "@request-target" \
        "@scheme");keyid="k\"""",
        base("/p?q=1", "WWW.example.com:443", "\"@authority\" \"@target-uri\" \"@path\" "
            + "\"@query\" \"@request-target\" \"@scheme\""));
    assertEquals("\"@query\": ?\n\"@signature-params\": (\"@query\");keyid=\"k\"",
        base("/p", "example.com", "\"@query\""));
  }

  @Test
  void unsupportedComponentsAreRefused() {
    assertEquals("unsupported derived component '@status'", assertThrows(SignatureException.class,
        () -> base("/", "example.com", "\"@status\"")).getMessage());
    assertEquals("unsupported component parameters on 'date'", assertThrows(
        SignatureException.class, () -> base("/", "example.com", "\"date\";sf")).getMessage());
    assertEquals("malformed Signature-Input: component listed twice", assertThrows(
        SignatureException.class, () -> base("/", "example.com", "\"host\" \"host\""))
        .getMessage());
  }
}

package org.plutro.federation.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.federation.testing.Loopback.await;
import static org.plutro.federation.testing.Loopback.failure;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {
  static Vertx vertx;
  static SsrfGuard strict;
  static SsrfGuard lab;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    strict = new SsrfGuard(vertx, false);
    lab = new SsrfGuard(vertx, true);
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  /** Literals only: InetAddress.getByName does no DNS for them. */
  static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "127.0.0.1", "127.1.2.3", "::1",
      "10.0.0.1", "10.255.255.255",
      "172.16.0.1", "172.31.255.254",
      "192.168.1.1",
      "169.254.169.254", "fe80::1",
      "fc00::1", "fd12:3456::1",
      "100.64.0.1", "100.127.255.254",
      "0.0.0.0", "0.1.2.3", "::",
      "224.0.0.1", "239.255.255.250", "ff02::1",
      "192.0.2.1", "198.51.100.7", "203.0.113.9",
      "198.18.0.1", "198.19.255.254",
      "240.0.0.1", "255.255.255.255",
      "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::10.0.0.1",
      "2001:db8::1", "2001:db8:ffff::1",
      // NAT64 and 6to4 reaching private IPv4, Teredo, discard-only.
      "64:ff9b::10.0.0.1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1",
      "2002:c0a8:0101::", "2002:7f00:1::", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1"})
  void refusesEveryNonPublicAddress(String literal) throws Exception {
    assertFalse(strict.allowed(ip(literal)), literal + " must be refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1",
      "::ffff:93.184.216.34", "2001:db9::1", "64:ff9b::93.184.216.34", "2002:5db8:d822::1"})
  void allowsPublicAddresses(String literal) throws Exception {
    assertTrue(strict.allowed(ip(literal)), literal + " is public");
    assertTrue(lab.allowed(ip(literal)), literal + " is public in the lab too");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "fc00::1",
      "::ffff:10.0.0.1"})
  void aLabAllowsLoopbackAndPrivateAddresses(String literal) throws Exception {
    assertTrue(lab.allowed(ip(literal)), literal + " is allowed with allowPrivate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "fe80::1", "::ffff:169.254.169.254",
      "0.0.0.0", "224.0.0.1", "192.0.2.1", "2001:db8::1"})
  void linkLocalAndReservedStayRefusedInALab(String literal) throws Exception {
    assertFalse(lab.allowed(ip(literal)), literal + " is refused even with allowPrivate");
  }

  @Test
  void plainHttpIsRefusedUnlessPrivateIsAllowed() {
    Throwable refused = failure(strict.check(URI.create("http://93.184.216.34/users/alice")));
    assertInstanceOf(RefusedAddressException.class, refused);
    SsrfGuard.Target target = await(lab.check(URI.create("http://127.0.0.1:8080/users/alice")));
    assertFalse(target.tls());
    assertEquals(8080, target.port());
    assertEquals("127.0.0.1", target.address().getHostAddress());
  }

  @Test
  void otherSchemesAreRefusedEvenInALab() {
    for (String url : new String[] {"ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/",
        "/relative/path"}) {
      assertInstanceOf(RefusedAddressException.class, failure(lab.check(URI.create(url))), url);
    }
  }

  @Test
  void httpsToAPublicLiteralPassesWithTheDefaultPort() {
    SsrfGuard.Target target = await(strict.check(URI.create("https://93.184.216.34/inbox")));
    assertTrue(target.tls());
    assertEquals(443, target.port());
    assertEquals("93.184.216.34", target.address().getHostAddress());
    SsrfGuard.Target v6 = await(strict.check(URI.create("https://[2606:4700::1]:8443/inbox")));
    assertEquals(8443, v6.port());
  }

  @Test
  void httpsToLoopbackOrMetadataIsRefused() {
    for (String url : new String[] {"https://127.0.0.1/", "https://[::1]/", "https://10.0.0.1/",
        "https://169.254.169.254/latest/meta-data/", "https://[::ffff:10.0.0.1]/",
        "https://localhost/"}) {
      assertInstanceOf(RefusedAddressException.class, failure(strict.check(URI.create(url))), url);
    }
    assertInstanceOf(RefusedAddressException.class,
        failure(lab.check(URI.create("http://169.254.169.254/latest/meta-data/"))));
  }

  @Test
  void userinfoIsRefused() {
    assertInstanceOf(RefusedAddressException.class,
        failure(strict.check(URI.create("https://alice@93.184.216.34/"))));
    assertInstanceOf(RefusedAddressException.class,
        failure(lab.check(URI.create("http://alice:secret@127.0.0.1:8080/"))));
  }

  @Test
  void unknownHostsFailAsRefused() {
    Throwable refused = failure(lab.check(URI.create("https://nobody.invalid/users/alice")));
    assertInstanceOf(RefusedAddressException.class, refused);
    assertTrue(refused.getMessage().contains("nobody.invalid"), refused.getMessage());
  }
}

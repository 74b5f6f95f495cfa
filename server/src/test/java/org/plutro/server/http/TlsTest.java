package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.testrig.TestInstance;

/** PLUTRO_TLS_CERT and PLUTRO_TLS_KEY make the server speak HTTPS itself. */
class TlsTest {
  @Test
  void servesHttpsWithTheGivenCertificate(@TempDir Path dir) throws Exception {
    KeyPair keys = KeyPairs.generateRsa();
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        new JcaX509v3CertificateBuilder(new X500Name("CN=127.0.0.1"), BigInteger.ONE,
            Date.from(Instant.now().minus(Duration.ofDays(1))),
            Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Name("CN=127.0.0.1"),
            keys.getPublic())
            .addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                    org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")))
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    Files.writeString(key, KeyPairs.toPem(keys.getPrivate()));

    int port = TestInstance.freePort();
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_HTTP_PORT", Integer.toString(port),
        "PLUTRO_PUBLIC_URL", "https://127.0.0.1:" + port, "PLUTRO_TLS_CERT", cert.toString(),
        "PLUTRO_TLS_KEY", key.toString()))) {
      SSLContext trustAll = SSLContext.getInstance("TLS");
      trustAll.init(null, new TrustManager[] {new X509TrustManager() {
        public void checkClientTrusted(X509Certificate[] chain, String type) {}
        public void checkServerTrusted(X509Certificate[] chain, String type) {}
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      HttpClient client = HttpClient.newBuilder().sslContext(trustAll).build();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + port + "/.well-known/nodeinfo")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertTrue(response.body().contains("https://127.0.0.1:" + port + "/nodeinfo/2.1"));
      assertEquals(certificate, response.sslSession().orElseThrow().getPeerCertificates()[0]);
    }
  }
}

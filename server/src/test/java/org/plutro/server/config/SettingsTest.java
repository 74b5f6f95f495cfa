package org.plutro.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @Test
  void defaultsNeedNoConfigurationAtAll() {
    Settings settings = Settings.load(Map.of());
    assertEquals("127.0.0.1", settings.httpHost());
    assertEquals(8080, settings.httpPort());
    assertEquals("http://localhost:8080", settings.publicUrl().toString());
    assertTrue(settings.databaseUrl().isEmpty(), "no URL means the embedded database");
    assertEquals(Settings.Registrations.OPEN, settings.registrations());
    assertFalse(settings.federationAllowPrivate());
    assertTrue(settings.dataDir().isAbsolute());
    assertTrue(settings.smtp().host().isEmpty(), "no SMTP server: mails go to the log");
    assertEquals("notifications@localhost", settings.smtp().from());
    assertEquals(Settings.SmtpTls.STARTTLS, settings.smtp().tls());
  }

  @Test
  void theSmtpPasswordStaysOutOfPrintedSettings() {
    Settings settings = Settings.load(Map.of("PLUTRO_SMTP_HOST", "mail.example", "PLUTRO_SMTP_USERNAME",
        "plutro", "PLUTRO_SMTP_PASSWORD", "hunter2-secret", "PLUTRO_SMTP_FROM", "hello@social.example"));
    assertEquals("mail.example", settings.smtp().host().orElseThrow());
    assertEquals("hunter2-secret", settings.smtp().password());
    assertEquals("hello@social.example", settings.smtp().from());
    assertFalse(settings.toString().contains("hunter2-secret"), settings.toString());
  }

  @Test
  void environmentOverridesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("plutro.properties");
    Files.writeString(file, "http.port=9000\nregistrations=closed\ninstance.name=From file\n");
    Settings settings = Settings.load(Map.of("PLUTRO_CONFIG", file.toString(),
        "PLUTRO_HTTP_PORT", "9100", "PLUTRO_PUBLIC_URL", "https://social.example:8443/",
        "PLUTRO_FEDERATION_ALLOW_PRIVATE", "true"));
    assertEquals(9100, settings.httpPort());
    assertEquals(Settings.Registrations.CLOSED, settings.registrations());
    assertEquals("From file", settings.instanceName());
    assertEquals("https://social.example:8443", settings.publicUrl().toString());
    assertEquals("social.example:8443", settings.authority());
    assertTrue(settings.federationAllowPrivate());
  }

  @Test
  void eachBadSettingStopsStartupWithOneLineNamingIt() {
    assertProblem(Map.of("PLUTRO_HTTP_PORT", "eighty"), "PLUTRO_HTTP_PORT", "must be a number");
    assertProblem(Map.of("PLUTRO_HTTP_PORT", "70000"), "PLUTRO_HTTP_PORT", "between 1 and 65535");
    assertProblem(Map.of("PLUTRO_PUBLIC_URL", "ftp://x.example"), "PLUTRO_PUBLIC_URL", "http://");
    assertProblem(Map.of("PLUTRO_PUBLIC_URL", "https://x.example/social"), "PLUTRO_PUBLIC_URL",
        "scheme://host[:port] only");
    assertProblem(Map.of("PLUTRO_PUBLIC_URL", "not a url"), "PLUTRO_PUBLIC_URL", "");
    assertProblem(Map.of("PLUTRO_REGISTRATIONS", "sometimes"), "PLUTRO_REGISTRATIONS",
        "open | invite | approval | closed");
    assertProblem(Map.of("PLUTRO_SMTP_TLS", "ssl"), "PLUTRO_SMTP_TLS", "none | starttls | tls");
    assertProblem(Map.of("PLUTRO_SMTP_PORT", "0"), "PLUTRO_SMTP_PORT", "between 1 and 65535");
    assertProblem(Map.of("PLUTRO_FEDERATION_ALLOW_PRIVATE", "maybe"),
        "PLUTRO_FEDERATION_ALLOW_PRIVATE", "true or false");
    assertProblem(Map.of("PLUTRO_DATABASE_URL", "mysql://x"), "PLUTRO_DATABASE_URL", "postgresql://");
    assertProblem(Map.of("PLUTRO_TLS_CERT", "/etc/hosts"), "PLUTRO_TLS_KEY", "both");
    assertProblem(Map.of("PLUTRO_TLS_CERT", "/nonexistent.pem", "PLUTRO_TLS_KEY", "/nonexistent.key"),
        "PLUTRO_TLS_CERT", "cannot read");
    assertProblem(Map.of("PLUTRO_CONFIG", "/nonexistent/plutro.properties"), "PLUTRO_CONFIG",
        "no such file");
    assertProblem(Map.of("PLUTRO_HTTP_HOST", "  "), "PLUTRO_HTTP_HOST", "is required");
    assertProblem(Map.of("PLUTRO_METRICS_ADDRESS", "9464"), "PLUTRO_METRICS_ADDRESS", "host:port");
    assertProblem(Map.of("PLUTRO_METRICS_ADDRESS", "localhost:99999"), "PLUTRO_METRICS_ADDRESS",
        "host:port");
    assertProblem(Map.of("PLUTRO_LOG_FORMAT", "xml"), "PLUTRO_LOG_FORMAT", "text | json");
    assertProblem(Map.of("PLUTRO_REQUEST_LOG", "loud"), "PLUTRO_REQUEST_LOG", "true or false");
  }

  @Test
  void metricsListenOnlyWhereTheOperatorSays() {
    Settings defaults = Settings.load(Map.of());
    assertTrue(defaults.metricsAddress().isEmpty(), "no metrics listener unless asked for");
    assertEquals(Settings.LogFormat.TEXT, defaults.logFormat());
    assertTrue(defaults.requestLog());
    Settings set = Settings.load(Map.of("PLUTRO_METRICS_ADDRESS", "127.0.0.1:9464",
        "PLUTRO_LOG_FORMAT", "JSON", "PLUTRO_REQUEST_LOG", "false"));
    assertEquals(new Settings.Address("127.0.0.1", 9464), set.metricsAddress().orElseThrow());
    assertEquals(Settings.LogFormat.JSON, set.logFormat());
    assertFalse(set.requestLog());
    assertEquals("[::1]:9464", Settings.load(Map.of("PLUTRO_METRICS_ADDRESS", "[::1]:9464"))
        .metricsAddress().orElseThrow().toString());
  }

  private static void assertProblem(Map<String, String> env, String setting, String words) {
    SettingsException e = assertThrows(SettingsException.class, () -> Settings.load(env));
    assertEquals(setting, e.setting());
    assertTrue(e.getMessage().startsWith(setting + " "), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }
}

package org.plutro.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's settings: built-in defaults ({@code config/default.properties} in the jar), then
 * an operator's file ({@code PLUTRO_CONFIG}, or {@code config/plutro.properties} if present), then
 * environment variables ({@code http.port} is {@code PLUTRO_HTTP_PORT}). Invalid values stop
 * start-up with a {@link SettingsException} naming the setting.
 */
public record Settings(
    String httpHost,
    int httpPort,
    URI publicUrl,
    Optional<String> databaseUrl,
    int databasePoolSize,
    int embeddedSharedBuffersMb,
    Path dataDir,
    Registrations registrations,
    boolean invitesByMembers,
    boolean federationAllowPrivate,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    int queueLeaseSeconds,
    int deliveryConcurrency,
    int deliveryMaxWaiting,
    int deliverySlotMillis,
    int jobsConcurrency,
    String instanceName,
    String instanceDescription,
    String contactEmail,
    int rateLimitRequests,
    int rateLimitPeriodSeconds,
    int rateLimitSignUps,
    int rateLimitSignUpPeriodSeconds,
    int rateLimitWebForms,
    int rateLimitWebFormPeriodSeconds,
    long mediaMaxImageBytes,
    long mediaMaxVideoBytes,
    long mediaCacheMaxMb,
    int closedAccountRetentionDays,
    boolean secureMode,
    int ipRetentionDays,
    Optional<Address> metricsAddress,
    LogFormat logFormat,
    boolean requestLog,
    Smtp smtp,
    boolean timelinePreview,
    int linkPreviewTimeoutSeconds,
    FederationMode federationMode) {

  /**
   * Who may sign up: anyone, those with an invite, anyone after a moderator approves them, or
   * nobody (admins create members with the command line).
   */
  public enum Registrations { OPEN, INVITE, APPROVAL, CLOSED }

  /**
   * Whom the server federates with: every server that is not suspended, or (Mastodon's limited
   * federation mode) only the servers the admins allowed.
   */
  public enum FederationMode { OPEN, LIMITED }

  /** How the SMTP connection is secured: not at all, upgraded with STARTTLS, or TLS from the start. */
  public enum SmtpTls { NONE, STARTTLS, TLS }

  /**
   * The SMTP server that sends members' mail; without a host, mails are written to the log.
   * {@code from} is the sender's address ({@code notifications@} the instance's host by default).
   */
  public record Smtp(Optional<String> host, int port, String username, String password, String from,
      SmtpTls tls) {
    @Override
    public String toString() {
      return "Smtp[host=" + host + ", port=" + port + ", username=" + username + ", from=" + from
          + ", tls=" + tls + "]";
    }
  }

  /** How log lines are written: for people (text) or for log collectors (one JSON object each). */
  public enum LogFormat { TEXT, JSON }

  /** A host (name or address) and a port to listen on. */
  public record Address(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

  /** The settings a server started from this environment would use. */
  public static Settings load(Map<String, String> environment) {
    return load(environment, LOG::warn);
  }

  /** The same, handing each warning (an unknown {@code PLUTRO_*} variable) to {@code warnings}. */
  public static Settings load(Map<String, String> environment,
      java.util.function.Consumer<String> warnings) {
    Properties properties = new Properties();
    try (InputStream defaults = Settings.class.getResourceAsStream("/config/default.properties")) {
      if (defaults == null) {
        throw new IllegalStateException("config/default.properties is missing from the jar");
      }
      properties.load(defaults);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in defaults", e);
    }
    String configFile = environment.get("PLUTRO_CONFIG");
    Path file = configFile != null && !configFile.isBlank()
        ? Path.of(configFile) : Path.of("config", "plutro.properties");
    if (Files.isRegularFile(file)) {
      try (java.io.Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new SettingsException("PLUTRO_CONFIG", "cannot read " + file + ": " + e.getMessage());
      }
    } else if (configFile != null && !configFile.isBlank()) {
      throw new SettingsException("PLUTRO_CONFIG", "no such file: " + file);
    }
    for (String key : properties.stringPropertyNames()) {
      String value = environment.get(environmentName(key));
      if (value != null) {
        properties.setProperty(key, value);
      }
    }
    unknownVariables(environment, properties).forEach(warnings);
    return from(properties);
  }

  /**
   * A {@code PLUTRO_*} variable that names no setting is most likely a typo, which would leave the
   * default in force without a word: each gets a warning naming the closest setting.
   */
  public static List<String> unknownVariables(Map<String, String> environment, Properties properties) {
    Set<String> known = new TreeSet<>(Set.of("PLUTRO_CONFIG"));
    properties.stringPropertyNames().forEach(key -> known.add(environmentName(key)));
    List<String> warnings = new ArrayList<>();
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith("PLUTRO_") && !known.contains(name)) {
        String closest = known.stream()
            .min(Comparator.comparingInt(candidate -> editDistance(name, candidate))).orElseThrow();
        warnings.add("Unknown setting " + name + " is ignored; did you mean " + closest + "?");
      }
    }
    return warnings;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** {@code http.port} → {@code PLUTRO_HTTP_PORT}. */
  public static String environmentName(String key) {
    return "PLUTRO_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  static Settings from(Properties p) {
    Values reader = new Values(p);
    String host = reader.required("http.host");
    int port = reader.integer("http.port", 1, 65535);
    URI publicUrl = reader.publicUrl(port);
    Optional<String> databaseUrl = reader.optional("database.url");
    databaseUrl.ifPresent(url -> {
      if (!url.matches("^(postgres|postgresql|jdbc:postgresql)://.+")) {
        throw new SettingsException(environmentName("database.url"),
            "must look like postgresql://user:password@host:5432/database");
      }
    });
    int poolSize = reader.integer("database.pool_size", 1, 200);
    int sharedBuffersMb = reader.integer("database.embedded_shared_buffers_mb", 0, 1_048_576);
    Path dataDir = Path.of(reader.required("data.dir")).toAbsolutePath().normalize();
    Registrations registrations = reader.oneOf("registrations", Registrations.class);
    boolean allowPrivate = reader.bool("federation.allow_private");
    Optional<Path> cert = reader.optional("tls.cert").map(Path::of);
    Optional<Path> key = reader.optional("tls.key").map(Path::of);
    if (cert.isPresent() != key.isPresent()) {
      throw new SettingsException(environmentName(cert.isPresent() ? "tls.key" : "tls.cert"),
          "TLS needs both PLUTRO_TLS_CERT and PLUTRO_TLS_KEY");
    }
    cert.ifPresent(path -> reader.readable("tls.cert", path));
    key.ifPresent(path -> reader.readable("tls.key", path));
    return new Settings(host, port, publicUrl, databaseUrl, poolSize, sharedBuffersMb, dataDir, registrations,
        reader.bool("invites.by_members"), allowPrivate, cert, key, reader.integer("queue.lease_seconds", 1, 3600),
        reader.integer("delivery.concurrency", 1, 1024), reader.integer("delivery.max_waiting", 0, 100_000),
        reader.integer("delivery.slot_millis", 1, 60_000),
        reader.integer("jobs.concurrency", 1, 1024),
        reader.required("instance.name"),
        p.getProperty("instance.description", "").trim(),
        p.getProperty("instance.contact_email", "").trim(),
        reader.integer("rate_limit.requests", 1, 1_000_000),
        reader.integer("rate_limit.period_seconds", 1, 86_400),
        reader.integer("rate_limit.sign_ups", 1, 1_000_000),
        reader.integer("rate_limit.sign_up_period_seconds", 1, 86_400),
        reader.integer("rate_limit.web_forms", 1, 1_000_000),
        reader.integer("rate_limit.web_form_period_seconds", 1, 86_400),
        reader.integer("media.max_image_bytes", 1, Integer.MAX_VALUE),
        reader.integer("media.max_video_bytes", 1, Integer.MAX_VALUE),
        reader.integer("media.cache_max_mb", 0, Integer.MAX_VALUE),
        reader.integer("closed_account.retention_days", 0, 36_500),
        reader.bool("secure_mode"),
        reader.integer("ip_retention_days", 0, 3650),
        reader.address("metrics.address"),
        reader.oneOf("log.format", LogFormat.class),
        reader.bool("request_log"),
        new Smtp(reader.optional("smtp.host"), reader.integer("smtp.port", 1, 65535),
            reader.raw("smtp.username"), reader.raw("smtp.password"),
            reader.optional("smtp.from").orElse("notifications@" + publicUrl.getHost()),
            reader.oneOf("smtp.tls", SmtpTls.class)),
        reader.bool("timeline_preview"),
        reader.integer("link_previews.timeout_seconds", 0, 60),
        reader.oneOf("federation.mode", FederationMode.class));
  }

  /**
   * The embedded PostgreSQL's page cache: as set, or (0) an eighth of the machine's memory
   * between 128 MiB (PostgreSQL's default) and 2 GiB. Reads that miss it cost a system call.
   */
  public int embeddedSharedBuffersMbOrDefault() {
    if (embeddedSharedBuffersMb > 0) {
      return embeddedSharedBuffersMb;
    }
    long total = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return (int) Math.max(128, Math.min(2048, total / 8 / (1024 * 1024)));
  }

  /**
   * The key that seals two-factor secrets in the database: {@code data/two-factor.key}, made at
   * the first start; backups carry it.
   */
  public Path secretKeyFile() {
    return dataDir.resolve("two-factor.key");
  }

  /** Where uploaded media files live: {@code data/media}. */
  public Path mediaDir() {
    return dataDir.resolve("media");
  }

  /**
   * Where copies of remote media live: {@code data/media-cache}, beside {@code media} and not in
   * backups (what is lost is fetched again).
   */
  public Path mediaCacheDir() {
    return dataDir.resolve("media-cache");
  }

  /** The host and port that identify this instance in handles: {@code example.org} or {@code 127.0.0.1:8080}. */
  public String authority() {
    return publicUrl.getRawAuthority();
  }

  /** Whether the server federates only with the servers the admins allowed. */
  public boolean limitedFederation() {
    return federationMode == FederationMode.LIMITED;
  }

  public boolean tlsEnabled() {
    return tlsCert.isPresent();
  }


  /** Reads typed values and names the setting in every complaint. */
  private record Values(Properties properties) {
    String raw(String key) {
      String value = properties.getProperty(key);
      return value == null ? "" : value.trim();
    }

    Optional<String> optional(String key) {
      String value = raw(key);
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String required(String key) {
      return optional(key).orElseThrow(() -> new SettingsException(environmentName(key), "is required"));
    }

    int integer(String key, int min, int max) {
      String value = required(key);
      try {
        int number = Integer.parseInt(value);
        if (number < min || number > max) {
          throw new SettingsException(environmentName(key),
              "must be between " + min + " and " + max + ", not " + value);
        }
        return number;
      } catch (NumberFormatException e) {
        throw new SettingsException(environmentName(key), "must be a number, not '" + value + "'");
      }
    }

    boolean bool(String key) {
      String value = required(key).toLowerCase(Locale.ROOT);
      return switch (value) {
        case "true", "yes", "1", "on" -> true;
        case "false", "no", "0", "off" -> false;
        default -> throw new SettingsException(environmentName(key),
            "must be true or false, not '" + value + "'");
      };
    }

    <E extends Enum<E>> E oneOf(String key, Class<E> type) {
      String value = required(key);
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
          allowed.append(allowed.length() == 0 ? "" : " | ").append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new SettingsException(environmentName(key), "must be " + allowed + ", not '" + value + "'");
      }
    }

    URI publicUrl(int port) {
      String value = optional("public.url").orElse("http://localhost:" + port);
      String name = environmentName("public.url");
      URI uri;
      try {
        uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      } catch (URISyntaxException e) {
        throw new SettingsException(name, "is not a URL: '" + value + "'");
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new SettingsException(name, "must start with http:// or https://, not '" + value + "'");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new SettingsException(name, "must name a host: '" + value + "'");
      }
      if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
          || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new SettingsException(name, "must be scheme://host[:port] only, not '" + value + "'");
      }
      return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT));
    }

    /** {@code host:port} ({@code [::1]:9464} for an IPv6 address), or empty. */
    Optional<Address> address(String key) {
      Optional<String> value = optional(key);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      String name = environmentName(key);
      URI uri;
      try {
        uri = new URI("tcp://" + value.get());
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
          || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawUserInfo() != null) {
        throw new SettingsException(name, "must be host:port (such as 127.0.0.1:9464), not '"
            + value.get() + "'");
      }
      String host = uri.getHost();
      return Optional.of(new Address(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
          uri.getPort()));
    }

    void readable(String key, Path path) {
      if (!Files.isReadable(path)) {
        throw new SettingsException(environmentName(key), "cannot read file " + path);
      }
    }
  }
}

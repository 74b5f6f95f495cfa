package org.plutro.server.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where the database is, in the two forms we need: the reactive client's and Flyway's JDBC URL. */
public record DatabaseAddress(String host, int port, String database, String user, String password) {

  /** Reads postgresql://user:password@host:port/db, postgres://… or jdbc:postgresql://host:port/db?user=…&password=…. */
  public static DatabaseAddress parse(String url) {
    String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
    URI uri = URI.create(plain);
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals("user")) {
          user = decode(kv[1]);
        } else if (kv.length == 2 && kv[0].equals("password")) {
          password = decode(kv[1]);
        }
      }
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.length() > 1 ? path.substring(1) : user;
    return new DatabaseAddress(uri.getHost() == null ? "localhost" : uri.getHost(),
        uri.getPort() > 0 ? uri.getPort() : 5432, database, user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        // The client caches only statements up to 2,048 characters by default; a longer one
        // would be parsed and planned again on every execution (milliseconds for the home feed's).
        .setPreparedStatementCacheSqlLimit(16_384)
        .setPipeliningLimit(256);
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}

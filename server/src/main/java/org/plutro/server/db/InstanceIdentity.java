package org.plutro.server.db;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.plutro.server.config.SettingsException;

/**
 * An instance's public URL is its identity: other servers hold our actors, keys and posts under
 * it. The first start records it; a later start with another one (say, only the port changed, and
 * the default public URL followed it) is refused before anything is written under the new name.
 */
final class InstanceIdentity {
  private static final String CLAIM = "INSERT INTO instance_identity (public_url) VALUES (?)"
      + " ON CONFLICT DO NOTHING";
  private static final String RECORDED = "SELECT public_url FROM instance_identity";

  private InstanceIdentity() {}

  static void claim(DatabaseAddress address, URI publicUrl) {
    String configured = publicUrl.toString();
    String recorded;
    try (Connection connection = DriverManager.getConnection(address.jdbcUrl(), address.user(),
        address.password())) {
      try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
        claim.setString(1, configured);
        claim.executeUpdate();
      }
      try (PreparedStatement read = connection.prepareStatement(RECORDED);
           ResultSet rows = read.executeQuery()) {
        rows.next();
        recorded = rows.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the instance's public URL: " + e.getMessage(), e);
    }
    if (!recorded.equals(configured)) {
      throw new SettingsException("PLUTRO_PUBLIC_URL", "is " + configured + " (set, or the default"
          + " that follows PLUTRO_HTTP_PORT), but this instance was created as " + recorded
          + " and other servers know it by that address: set PLUTRO_PUBLIC_URL=" + recorded);
    }
  }
}

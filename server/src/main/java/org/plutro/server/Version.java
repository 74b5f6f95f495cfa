package org.plutro.server;

/** The version this build reports (NodeInfo, the Mastodon API, User-Agent). */
public final class Version {
  public static final String VERSION = "0.1.0";

  private Version() {}
}

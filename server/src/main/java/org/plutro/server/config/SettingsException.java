package org.plutro.server.config;

/** A setting that stops start-up; the message is one line naming it. */
public final class SettingsException extends RuntimeException {
  private final String setting;

  public SettingsException(String setting, String problem) {
    super(setting + " " + problem);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }
}

package org.plutro.server.http.web;

import org.plutro.server.config.Settings.Registrations;

/** What every page says about the instance: its name, who runs it, how people join. */
public record Site(String name, String description, String contactEmail, Registrations registrations,
    Assets assets) {

  public boolean signUpOpen() {
    return registrations != Registrations.CLOSED;
  }
}

package org.plutro.server.http.web;

import org.plutro.server.config.Settings.Registrations;

/**
 * What every page says about the instance: its name, who runs it, how people join (and whether
 * members may invite people, with registrations = invite).
 */
public record Site(String name, String description, String contactEmail, Registrations registrations,
    boolean invitesByMembers, Assets assets) {

  public boolean signUpOpen() {
    return registrations != Registrations.CLOSED;
  }
}

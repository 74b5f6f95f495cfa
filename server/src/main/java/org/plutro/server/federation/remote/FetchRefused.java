package org.plutro.server.federation.remote;

/** A remote server answered a fetch with a non-2xx status (410 Gone: the object was deleted). */
public final class FetchRefused extends IllegalStateException {
  private final int status;

  public FetchRefused(String uri, int status) {
    super("GET " + uri + " answered " + status);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public boolean gone() {
    return status == 410;
  }
}

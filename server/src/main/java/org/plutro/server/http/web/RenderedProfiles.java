package org.plutro.server.http.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Members' first profile pages as visitors without a session see them (the same page for all),
 * each kept with the versions of the rows it was made from
 * ({@link org.plutro.server.store.PublicPostStore#profileVersions}: the account's row and its
 * counters' row, which every change to the member's posts rewrites too). Every request reads those
 * versions (one query): a page changed by this process or any other sharing the database is made
 * again at once, never served stale; an unchanged one is sent as it was.
 */
public final class RenderedProfiles {
  /** Pages are about 10 to 30 KB: a few thousand profiles that visitors and crawlers read. */
  static final long KEPT_BYTES = 32L << 20;

  private record Key(String username, boolean withReplies) {}

  private record Kept(long[] versions, Buffer html) {}

  private final Cache<Key, Kept> kept = Caffeine.newBuilder().maximumWeight(KEPT_BYTES)
      .<Key, Kept>weigher((key, page) -> page.html().length() + 64).executor(Runnable::run).build();

  /** The page kept for these versions of its rows, or null. */
  Buffer page(String username, boolean withReplies, long[] versions) {
    Kept page = kept.getIfPresent(key(username, withReplies));
    return page != null && Arrays.equals(page.versions(), versions) ? page.html() : null;
  }

  /** Keeps the page made from rows at {@code versions} or later (a later one is made again). */
  void keep(String username, boolean withReplies, long[] versions, Buffer html) {
    kept.put(key(username, withReplies), new Kept(versions, html));
  }

  private static Key key(String username, boolean withReplies) {
    return new Key(username.toLowerCase(Locale.ROOT), withReplies);
  }
}

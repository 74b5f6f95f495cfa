package org.plutro.server.http.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The most recently used entries, up to a bound; shared by the event loops, so synchronised. */
final class LruCache<K, V> {
  private final Map<K, V> entries;

  LruCache(int capacity) {
    this.entries = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }
}

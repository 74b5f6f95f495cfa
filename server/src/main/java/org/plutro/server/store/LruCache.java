package org.plutro.server.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The most recently used entries, up to a bound; shared by the event loops, so synchronised. */
public final class LruCache<K, V> {
  private final Map<K, V> entries;

  public LruCache(int capacity) {
    this.entries = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  public synchronized V get(K key) {
    return entries.get(key);
  }

  public synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  public synchronized void remove(K key) {
    entries.remove(key);
  }

  public synchronized void removeIf(Predicate<V> matching) {
    entries.values().removeIf(matching);
  }
}

package org.plutro.federation.jsonld;

import com.apicatalog.jsonld.context.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Titanium's context and document caches, in Caffeine: bounded, and safe for the worker threads
 * that share them.
 */
final class CaffeineCache<K, V> implements Cache<K, V> {
  private final com.github.benmanes.caffeine.cache.Cache<K, V> entries;

  CaffeineCache(int capacity) {
    // Evictions run on the thread that writes, not the common pool.
    entries = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
  }

  @Override
  public boolean containsKey(K key) {
    return key != null && entries.getIfPresent(key) != null;
  }

  @Override
  public V get(K key) {
    return key == null ? null : entries.getIfPresent(key);
  }

  /** Caffeine holds no nulls: a null is not kept, and is looked up again next time. */
  @Override
  public void put(K key, V value) {
    if (key != null && value != null) {
      entries.put(key, value);
    }
  }
}

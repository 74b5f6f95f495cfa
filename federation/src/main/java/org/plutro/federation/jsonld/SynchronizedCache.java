package org.plutro.federation.jsonld;

import com.apicatalog.jsonld.context.cache.Cache;
import com.apicatalog.jsonld.context.cache.LruCache;

/** Titanium's LRU cache made safe for the worker threads that share it. */
final class SynchronizedCache<K, V> implements Cache<K, V> {
  private final LruCache<K, V> cache;

  SynchronizedCache(int capacity) {
    cache = new LruCache<>(capacity);
  }

  @Override
  public synchronized boolean containsKey(K key) {
    return cache.containsKey(key);
  }

  @Override
  public synchronized V get(K key) {
    return cache.get(key);
  }

  @Override
  public synchronized void put(K key, V value) {
    cache.put(key, value);
  }
}

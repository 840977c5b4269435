package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruKeyCacheTest {

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  @Test
  void get_onMiss_loadsOnceAndThenHits() {
    AtomicInteger loads = new AtomicInteger();
    try (LruKeyCache<String> cache = new LruKeyCache<>(2)) {
      for (int i = 0; i < 3; i++) {
        try (KeyMaterial key =
            cache.get(
                "a",
                () -> {
                  loads.incrementAndGet();
                  return KeyMaterial.takeOwnership(filled(7));
                })) {
          assertThat(key.bytes()).isEqualTo(filled(7));
        }
      }
      assertThat(loads).hasValue(1);
    }
  }

  @Test
  void get_returnsACopy_soClosingItKeepsTheCachedKey() {
    byte[] cached = filled(5);
    try (LruKeyCache<String> cache = new LruKeyCache<>(2)) {
      cache.get("a", () -> KeyMaterial.takeOwnership(cached)).close();

      assertThat(cached).containsOnly(5);
      try (KeyMaterial again = cache.get("a", () -> KeyMaterial.takeOwnership(filled(9)))) {
        assertThat(again.bytes()).isEqualTo(filled(5));
      }
    }
  }

  @Test
  void eviction_zeroizesTheEvictedKey() {
    byte[] first = filled(1);
    byte[] second = filled(2);
    byte[] third = filled(3);
    try (LruKeyCache<String> cache = new LruKeyCache<>(2)) {
      cache.get("first", () -> KeyMaterial.takeOwnership(first)).close();
      cache.get("second", () -> KeyMaterial.takeOwnership(second)).close();

      cache.get("third", () -> KeyMaterial.takeOwnership(third)).close();

      assertThat(first).containsOnly(0);
      assertThat(second).containsOnly(2);
      assertThat(third).containsOnly(3);
      assertThat(cache.size()).isEqualTo(2);
    }
  }

  @Test
  void eviction_takesTheLeastRecentlyUsed() {
    byte[] first = filled(1);
    byte[] second = filled(2);
    try (LruKeyCache<String> cache = new LruKeyCache<>(2)) {
      cache.get("first", () -> KeyMaterial.takeOwnership(first)).close();
      cache.get("second", () -> KeyMaterial.takeOwnership(second)).close();
      cache.get("first", () -> KeyMaterial.takeOwnership(filled(9))).close(); // first is now recent

      cache.get("third", () -> KeyMaterial.takeOwnership(filled(3))).close();

      assertThat(first).containsOnly(1);
      assertThat(second).containsOnly(0);
    }
  }

  @Test
  void close_zeroizesEveryEntry() {
    byte[] first = filled(1);
    byte[] second = filled(2);
    LruKeyCache<String> cache = new LruKeyCache<>(4);
    cache.get("first", () -> KeyMaterial.takeOwnership(first)).close();
    cache.get("second", () -> KeyMaterial.takeOwnership(second)).close();

    cache.close();

    assertThat(first).containsOnly(0);
    assertThat(second).containsOnly(0);
    assertThat(cache.size()).isZero();
  }

  @Test
  void copyHandedOut_survivesEvictionOfItsEntry() {
    try (LruKeyCache<String> cache = new LruKeyCache<>(1)) {
      try (KeyMaterial inUse = cache.get("a", () -> KeyMaterial.takeOwnership(filled(4)))) {
        cache.get("b", () -> KeyMaterial.takeOwnership(filled(5))).close(); // evicts "a"

        assertThat(inUse.bytes()).isEqualTo(filled(4));
      }
    }
  }

  @Test
  void constructor_withNoEntries_isRejected() {
    assertThatThrownBy(() -> new LruKeyCache<String>(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void get_fromManyThreads_neverExceedsTheBoundAndReturnsTheRightKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (LruKeyCache<Integer> cache = new LruKeyCache<>(3)) {
      List<Future<?>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    int key = i % 10;
                    try (KeyMaterial material =
                        cache.get(key, () -> KeyMaterial.takeOwnership(filled(key + 1)))) {
                      assertThat(material.bytes()).containsOnly(key + 1);
                    }
                    assertThat(cache.size()).isLessThanOrEqualTo(3);
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.serverlesskms.core.store;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.KeyStoreContract;
import dev.serverlesskms.testkit.MutableClock;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The read-through cache in front of a store (the in-memory one here; the same contract runs on
 * every real store): it keeps the whole KeyStore contract (with optimistic locking, stale reads
 * only cost a retry), and on a warm cache the hot path reads nothing.
 */
class CachingKeyStoreTest extends KeyStoreContract<CachingKeyStore> {
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private InMemoryKeyStore backing;

  @Override
  protected CachingKeyStore newStore() {
    backing = new InMemoryKeyStore();
    return new CachingKeyStore(backing, clock, Duration.ofSeconds(5), 100);
  }

  @Override
  protected OptionalLong itemsRead(CachingKeyStore store) {
    return OptionalLong.of(((InMemoryKeyStore) store.delegate()).itemsRead());
  }

  @Test
  void warmCache_readsNoItem_untilTheTtlPasses() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/warm", key.keyId()), KeyFixtures.auditRecord());
    store.find(key.keyId());
    store.findAlias("alias/warm");

    long before = backing.itemsRead();
    assertThat(store.find(key.keyId())).contains(key);
    assertThat(store.findAlias("alias/warm")).isPresent();
    assertThat(backing.itemsRead()).isEqualTo(before);

    clock.advance(Duration.ofSeconds(6));
    store.find(key.keyId());
    assertThat(backing.itemsRead()).isGreaterThan(before);
  }

  @Test
  void staleCachedKey_failsItsWrite_andTheRetryReadsFresh() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey cached = store.find(key.keyId()).orElseThrow();
    // Another instance (writing to the store directly) disables the key.
    backing.update(cached.toBuilder().state(KeyState.DISABLED).build(), KeyFixtures.auditRecord());

    assertThat(store.find(key.keyId()).orElseThrow().state())
        .as("stale within the ttl")
        .isEqualTo(KeyState.ENABLED);
    assertThatThrownBy(
            () ->
                store.update(
                    cached.toBuilder().description("x").build(), KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.find(key.keyId()).orElseThrow().state())
        .as("fresh after the conflict")
        .isEqualTo(KeyState.DISABLED);
  }

  @Test
  void missesAreNotCached_soAKeyCreatedElsewhereIsUsableAtOnce() {
    KmsKey key = enabledKey().build();
    assertThat(store.find(key.keyId())).isEmpty();
    backing.create(key, KeyFixtures.auditRecord());
    assertThat(store.find(key.keyId())).isPresent();
  }
}

package dev.serverlesskms.core.store;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.KeyStoreContract;
import dev.serverlesskms.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
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

  @Test
  void eachRegionHasItsOwnCache_madeOnce() {
    KmsKey here = store.create(enabledKey().description("here").build(), KeyFixtures.auditRecord());
    KeyStore otherView = store.inRegion("eu-central-1");
    KmsKey there =
        otherView.create(
            here.toBuilder().description("there").revision(0).build(), KeyFixtures.auditRecord());

    assertThat(otherView).isInstanceOf(CachingKeyStore.class).isNotSameAs(store);
    assertThat(store.inRegion("eu-central-1")).isSameAs(otherView);
    assertThat(store.inRegion("ap-south-1").inRegion("eu-central-1")).isSameAs(otherView);
    assertThat(otherView.inRegion(InMemoryKeyStore.DEFAULT_REGION)).isSameAs(store);
    assertThat(store.find(here.keyId())).as("the same id, another key").contains(here);
    assertThat(otherView.find(here.keyId())).contains(there);

    long before = backing.itemsRead();
    assertThat(store.inRegion("eu-central-1").find(here.keyId())).contains(there);
    assertThat(store.find(here.keyId())).contains(here);
    assertThat(backing.itemsRead()).as("both served from their region's cache").isEqualTo(before);
  }

  @Test
  void aRegionsCache_isDroppedByItsOwnWrites_only() {
    KmsKey here = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KeyStore otherView = store.inRegion("eu-central-1");
    KmsKey there =
        otherView.create(here.toBuilder().revision(0).build(), KeyFixtures.auditRecord());
    store.find(here.keyId());

    KmsKey disabled =
        store
            .inRegion("eu-central-1")
            .update(there.toBuilder().state(KeyState.DISABLED).build(), KeyFixtures.auditRecord());

    assertThat(otherView.find(here.keyId())).contains(disabled);
    assertThat(store.find(here.keyId())).contains(here);
  }

  @Test
  void countsAndLastUsage_areNeverCached() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    assertThat(store.countCustomerKeys()).isEqualTo(1);
    assertThat(store.findKeyLastUsage(key.keyId())).isEmpty();

    backing.create(enabledKey().build(), KeyFixtures.auditRecord());
    KeyLastUsage used =
        new KeyLastUsage(key.keyId(), "Encrypt", clock.instant(), "event-id", "request-id");
    backing.saveKeyLastUsage(List.of(used));

    assertThat(store.countCustomerKeys()).isEqualTo(2);
    assertThat(store.findKeyLastUsage(key.keyId())).contains(used);
    assertThat(store.find(key.keyId())).as("a use changes no cached key").contains(key);
  }
}

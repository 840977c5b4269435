package dev.serverlesskms.testkit;

import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A healthy faulty store keeps the whole contract (it only forwards), and its views of other
 * regions fail as it fails: one table or file is down for every region.
 */
class FaultyKeyStoreTest extends KeyStoreContract<FaultyKeyStore> {
  @Override
  protected FaultyKeyStore newStore() {
    return new FaultyKeyStore(new InMemoryKeyStore());
  }

  @Override
  protected OptionalLong itemsRead(FaultyKeyStore store) {
    return OptionalLong.of(((InMemoryKeyStore) store.delegate()).itemsRead());
  }

  @Test
  void aFaultSetOnTheStore_reachesEveryRegionsView_andHealingHealsThemAll() {
    KeyStore other = store.inRegion("eu-central-1");
    KmsKey there = other.create(enabledKey().build(), auditRecord());

    store.failing(FaultyKeyStore.ANY, FaultyKeyStore.unavailable());

    assertThatThrownBy(() -> other.find(there.keyId()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.inRegion("ap-south-1").countCustomerKeys())
        .isInstanceOf(StoreUnavailableException.class);
    store.heal();
    assertThat(other.find(there.keyId())).contains(there);
    assertThat(store.inRegion("eu-central-1")).isSameAs(other);
    assertThat(other.inRegion(InMemoryKeyStore.DEFAULT_REGION)).isSameAs(store);
  }

  @Test
  void savingLastUsage_isAWrite() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    KeyLastUsage used =
        new KeyLastUsage(key.keyId(), "Encrypt", Instant.parse("2026-06-01T12:00:00Z"), "e", "r");

    store.failing(FaultyKeyStore.WRITES, FaultyKeyStore.unavailable(), 1);
    assertThatThrownBy(
            () -> store.inRegion(InMemoryKeyStore.DEFAULT_REGION).saveKeyLastUsage(List.of(used)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.findKeyLastUsage(key.keyId())).as("failed before the store").isEmpty();

    store.losingWriteAnswers();
    assertThatThrownBy(() -> store.saveKeyLastUsage(List.of(used)))
        .isInstanceOf(StoreUnavailableException.class);
    store.heal();
    assertThat(store.findKeyLastUsage(key.keyId()))
        .as("saved, then its answer lost")
        .contains(used);
  }
}

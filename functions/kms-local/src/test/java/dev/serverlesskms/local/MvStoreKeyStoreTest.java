package dev.serverlesskms.local;

import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.KeyStoreContract;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The in-memory store against the KeyStore contract, plus what this store adds to it. */
class MvStoreKeyStoreTest extends KeyStoreContract<MvStoreKeyStore> {

  @Override
  protected MvStoreKeyStore newStore() {
    return MvStoreKeyStore.inMemory();
  }

  @Override
  protected OptionalLong itemsRead(MvStoreKeyStore store) {
    return OptionalLong.of(store.itemsRead());
  }

  @Test
  void find_readsOneItem() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    long before = store.itemsRead();

    store.find(key.keyId());

    assertThat(store.itemsRead() - before).isEqualTo(1);
  }

  @Test
  void anyCall_afterClose_throwsStoreUnavailable() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    store.close();

    assertThatThrownBy(() -> store.find(key.keyId())).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.create(enabledKey().build(), KeyFixtures.auditRecord()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.listKeys(null, 10))
        .isInstanceOf(StoreUnavailableException.class);
  }
}

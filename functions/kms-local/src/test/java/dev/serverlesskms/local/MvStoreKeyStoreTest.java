package dev.serverlesskms.local;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.KeyStoreContract;
import java.time.Instant;
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
  void limitOutsideItsRange_throwsIllegalArgument() {
    assertThatThrownBy(() -> store.listKeys(null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listKeys(null, 1001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(null, null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.findDue(Instant.EPOCH, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listKeys_exactlyFullLastPage_hasNoCursor() {
    for (int i = 0; i < 4; i++) {
      store.create(enabledKey().build());
    }

    Page<KeyId> first = store.listKeys(null, 2);
    Page<KeyId> second = store.listKeys(first.nextCursor(), 2);

    assertThat(second.items()).hasSize(2);
    assertThat(second.truncated()).isFalse();
  }

  @Test
  void cursorOfAnotherListing_throwsIllegalArgument() {
    KmsKey one = store.create(enabledKey().build());
    KmsKey two = store.create(enabledKey().build());
    store.createAlias(alias("alias/a", one.keyId()));
    store.createAlias(alias("alias/b", one.keyId()));
    String keysCursor = store.listKeys(null, 1).nextCursor();
    String allAliasesCursor = store.listAliases(null, null, 1).nextCursor();
    String aliasesOfOneCursor = store.listAliases(one.keyId(), null, 1).nextCursor();

    assertThatThrownBy(() -> store.listAliases(null, keysCursor, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listKeys(allAliasesCursor, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(one.keyId(), allAliasesCursor, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(two.keyId(), aliasesOfOneCursor, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.listAliases(one.keyId(), aliasesOfOneCursor, 1).items())
        .extracting(Alias::aliasName)
        .containsExactly("alias/b");
  }

  @Test
  void find_readsOneItem() {
    KmsKey key = store.create(enabledKey().build());
    long before = store.itemsRead();

    store.find(key.keyId());

    assertThat(store.itemsRead() - before).isEqualTo(1);
  }

  @Test
  void anyCall_afterClose_throwsStoreUnavailable() {
    KmsKey key = store.create(enabledKey().build());
    store.close();

    assertThatThrownBy(() -> store.find(key.keyId())).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.create(enabledKey().build())).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.listKeys(null, 10)).isInstanceOf(StoreUnavailableException.class);
  }
}

package dev.serverlesskms.testkit;

import java.util.OptionalLong;

/** The in-memory store keeps every promise the real stores keep. */
class InMemoryKeyStoreTest extends KeyStoreContract<InMemoryKeyStore> {
  @Override
  protected InMemoryKeyStore newStore() {
    return new InMemoryKeyStore();
  }

  @Override
  protected OptionalLong itemsRead(InMemoryKeyStore store) {
    return OptionalLong.of(store.itemsRead());
  }
}

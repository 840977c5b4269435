package dev.serverlesskms.core.store;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A key store whose writers have company: just before a key write (update or delete) reaches the
 * store, a rival writer runs to completion, so the write finds the revision moved and conflicts,
 * exactly as it would if another Lambda had written in between. Rivals may write through this
 * store; their own writes pass straight through. Deterministic: everything runs on the test's
 * thread, in order.
 */
public final class ContendedKeyStore implements KeyStore {
  private final KeyStore store;
  private final Deque<Runnable> rivals = new ArrayDeque<>();
  private Runnable everyWrite;
  private boolean rivalRunning;
  private int conflicts;

  public ContendedKeyStore(KeyStore store) {
    this.store = store;
  }

  /** Before each of the next writes, the next of these rivals runs. */
  public void raceNextWrites(Runnable... next) {
    rivals.addAll(List.of(next));
  }

  /** Before every write from now on (until {@link #calm}), {@code rival} runs. */
  public void raceEveryWrite(Runnable rival) {
    everyWrite = rival;
  }

  /** No more rivals. */
  public void calm() {
    rivals.clear();
    everyWrite = null;
  }

  /** How many writes (other than the rivals') lost their race. */
  public int conflicts() {
    return conflicts;
  }

  private void rivalFirst() {
    if (rivalRunning) {
      return;
    }
    Runnable rival = rivals.isEmpty() ? everyWrite : rivals.poll();
    if (rival == null) {
      return;
    }
    rivalRunning = true;
    try {
      rival.run();
    } finally {
      rivalRunning = false;
    }
  }

  private <T> T counted(java.util.function.Supplier<T> write) {
    boolean rival = rivalRunning;
    try {
      return write.get();
    } catch (StoreConflictException e) {
      if (!rival) {
        conflicts++;
      }
      throw e;
    }
  }

  @Override
  public KmsKey update(KmsKey changed, OutboxRecord record) {
    rivalFirst();
    return counted(() -> store.update(changed, record));
  }

  @Override
  public void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    rivalFirst();
    counted(
        () -> {
          store.delete(keyId, expectedRevision, record);
          return null;
        });
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record) {
    return store.create(key, record);
  }

  /** Creates have no rivals here, with a quota or without. */
  @Override
  public KmsKey create(KmsKey key, OutboxRecord record, long customerKeyQuota) {
    return store.create(key, record, customerKeyQuota);
  }

  @Override
  public long countCustomerKeys() {
    return store.countCustomerKeys();
  }

  /** Other regions' views have no rivals: they are the store's own. */
  @Override
  public KeyStore inRegion(String region) {
    KeyStore view = store.inRegion(region);
    return view == store ? this : view;
  }

  @Override
  public Set<String> regions() {
    return store.regions();
  }

  @Override
  public void saveKeyLastUsage(Collection<KeyLastUsage> usages) {
    store.saveKeyLastUsage(usages);
  }

  @Override
  public Optional<KeyLastUsage> findKeyLastUsage(KeyId keyId) {
    return store.findKeyLastUsage(keyId);
  }

  @Override
  public Optional<KmsKey> find(KeyId keyId) {
    return store.find(keyId);
  }

  @Override
  public Page<KeyId> listKeys(String cursor, int limit) {
    return store.listKeys(cursor, limit);
  }

  @Override
  public void createAlias(Alias alias, OutboxRecord record) {
    store.createAlias(alias, record);
  }

  @Override
  public Optional<Alias> findAlias(String aliasName) {
    return store.findAlias(aliasName);
  }

  @Override
  public void updateAlias(Alias alias, OutboxRecord record) {
    store.updateAlias(alias, record);
  }

  @Override
  public boolean deleteAlias(String aliasName, OutboxRecord record) {
    return store.deleteAlias(aliasName, record);
  }

  @Override
  public Page<Alias> listAliases(KeyId targetKeyId, String cursor, int limit) {
    return store.listAliases(targetKeyId, cursor, limit);
  }

  @Override
  public int countAliases(KeyId targetKeyId) {
    return store.countAliases(targetKeyId);
  }

  @Override
  public void createGrant(Grant grant, OutboxRecord record) {
    store.createGrant(grant, record);
  }

  @Override
  public Optional<Grant> findGrant(KeyId keyId, String grantId) {
    return store.findGrant(keyId, grantId);
  }

  @Override
  public List<Grant> findGrants(KeyId keyId, String granteeScope) {
    return store.findGrants(keyId, granteeScope);
  }

  @Override
  public Page<Grant> listGrants(KeyId keyId, String grantee, String cursor, int limit) {
    return store.listGrants(keyId, grantee, cursor, limit);
  }

  @Override
  public Page<Grant> listRetirableGrants(String retiringPrincipal, String cursor, int limit) {
    return store.listRetirableGrants(retiringPrincipal, cursor, limit);
  }

  @Override
  public boolean deleteGrant(KeyId keyId, String grantId, OutboxRecord record) {
    return store.deleteGrant(keyId, grantId, record);
  }

  @Override
  public int countGrants(KeyId keyId) {
    return store.countGrants(keyId);
  }

  @Override
  public List<KeyId> findDue(Instant now, int limit) {
    return store.findDue(now, limit);
  }

  @Override
  public List<OutboxRecord> pendingRecords(int limit) {
    return store.pendingRecords(limit);
  }

  @Override
  public void removeRecord(String recordId) {
    store.removeRecord(recordId);
  }

  @Override
  public CustomKeyStore createCustomKeyStore(CustomKeyStore customKeyStore, OutboxRecord record) {
    return store.createCustomKeyStore(customKeyStore, record);
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStore(String customKeyStoreId) {
    return store.findCustomKeyStore(customKeyStoreId);
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStoreByName(String name) {
    return store.findCustomKeyStoreByName(name);
  }

  @Override
  public Page<CustomKeyStore> listCustomKeyStores(String cursor, int limit) {
    return store.listCustomKeyStores(cursor, limit);
  }

  @Override
  public CustomKeyStore updateCustomKeyStore(CustomKeyStore changed, OutboxRecord record) {
    return store.updateCustomKeyStore(changed, record);
  }

  @Override
  public void deleteCustomKeyStore(
      String customKeyStoreId, long expectedRevision, OutboxRecord record) {
    store.deleteCustomKeyStore(customKeyStoreId, expectedRevision, record);
  }
}

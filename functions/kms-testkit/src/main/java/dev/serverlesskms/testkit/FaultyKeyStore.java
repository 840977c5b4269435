package dev.serverlesskms.testkit;

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
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link KeyStore} that fails on demand, in front of a working one: to test what the KMS does
 * when its store is down ({@link #unavailable()}), loses a race ({@link #conflict()}) or breaks in
 * some other way.
 *
 * <pre>{@code
 * FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
 * store.failing("update", FaultyKeyStore.conflict(), 2); // the next two updates lose a race
 * store.failing("*", FaultyKeyStore.unavailable());      // every call fails from now on
 * store.failing(FaultyKeyStore.WRITES, FaultyKeyStore.unavailable()); // a refused transaction
 * store.losingWriteAnswers();                            // a timeout after the store committed
 * store.heal();
 * }</pre>
 *
 * <p>A failing call fails before it reaches the store behind: it writes nothing. {@link
 * #losingWriteAnswers} is the other way a write fails: stored, then reported lost, so the caller
 * cannot tell it happened. The store also counts outbox reads, to show which requests look there.
 *
 * <p>Its views of other regions ({@link #inRegion}) share its faults: a store taken down is down in
 * every region, as one table or file is.
 */
public final class FaultyKeyStore implements KeyStore {
  /** Any method. */
  public static final String ANY = "*";

  /**
   * Every write of a key, an alias, a grant or a custom key store (create, update, delete,
   * createAlias ...), and the save of last-usage records.
   */
  public static final String WRITES = "writes";

  /** Reading and removing pending audit records. */
  public static final String OUTBOX = "outbox";

  private static final List<String> WRITE_METHODS =
      List.of(
          "create",
          "update",
          "delete",
          "createAlias",
          "updateAlias",
          "deleteAlias",
          "createGrant",
          "deleteGrant",
          "createCustomKeyStore",
          "updateCustomKeyStore",
          "deleteCustomKeyStore",
          "saveKeyLastUsage");
  private static final List<String> OUTBOX_METHODS = List.of("pendingRecords", "removeRecord");

  private final KeyStore store;
  private final Controls controls;

  /** The faults and counters every region's view shares. */
  private static final class Controls {
    volatile Fault fault;
    volatile boolean losingWriteAnswers;
    final AtomicInteger outboxReads = new AtomicInteger();
    final Map<String, FaultyKeyStore> views = new ConcurrentHashMap<>();
    FaultyKeyStore root;
  }

  private record Fault(
      String method,
      Predicate<Object> argument,
      Supplier<? extends RuntimeException> error,
      AtomicInteger remaining) {

    boolean matches(String calledMethod, Object firstArgument) {
      return names(calledMethod)
          && argument.test(firstArgument)
          && remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
    }

    private boolean names(String calledMethod) {
      return switch (method) {
        case ANY -> true;
        case WRITES -> WRITE_METHODS.contains(calledMethod);
        case OUTBOX -> OUTBOX_METHODS.contains(calledMethod);
        default -> method.equals(calledMethod);
      };
    }
  }

  public FaultyKeyStore(KeyStore store) {
    this(store, new Controls());
    controls.root = this;
  }

  private FaultyKeyStore(KeyStore store, Controls controls) {
    this.store = store;
    this.controls = controls;
  }

  /** The view of {@code region}, failing as this store fails; the same one every time. */
  @Override
  public KeyStore inRegion(String region) {
    KeyStore view = store.inRegion(region);
    if (view == controls.root.store) {
      return controls.root;
    }
    return controls.views.computeIfAbsent(region, r -> new FaultyKeyStore(view, controls));
  }

  @Override
  public Set<String> regions() {
    check("regions", null);
    return store.regions();
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record, long customerKeyQuota) {
    check("create", key);
    KmsKey created = store.create(key, record, customerKeyQuota);
    answered();
    return created;
  }

  @Override
  public long countCustomerKeys() {
    check("countCustomerKeys", null);
    return store.countCustomerKeys();
  }

  /** A write: {@link #WRITES} faults and lost answers apply. */
  @Override
  public void saveKeyLastUsage(Collection<KeyLastUsage> usages) {
    check("saveKeyLastUsage", usages);
    store.saveKeyLastUsage(usages);
    answered();
  }

  @Override
  public Optional<KeyLastUsage> findKeyLastUsage(KeyId keyId) {
    check("findKeyLastUsage", keyId);
    return store.findKeyLastUsage(keyId);
  }

  /** The store behind, which never fails. */
  public KeyStore delegate() {
    return store;
  }

  /** Every call of {@code method} ({@link #ANY} for all) fails with {@code error} from now on. */
  public FaultyKeyStore failing(String method, Supplier<? extends RuntimeException> error) {
    return failing(method, argument -> true, error, -1);
  }

  /** The next {@code times} calls of {@code method} fail with {@code error}. */
  public FaultyKeyStore failing(
      String method, Supplier<? extends RuntimeException> error, int times) {
    return failing(method, argument -> true, error, times);
  }

  /**
   * Calls of {@code method} whose first argument (a {@link KeyId}, a {@link KmsKey}, an alias name
   * ...; for grant calls the grant's key id) satisfies {@code argument} fail with {@code error},
   * {@code times} times ({@code -1}: always). Replaces any fault set before.
   */
  public FaultyKeyStore failing(
      String method,
      Predicate<Object> argument,
      Supplier<? extends RuntimeException> error,
      int times) {
    controls.fault = new Fault(method, argument, error, new AtomicInteger(times));
    return this;
  }

  /**
   * From now on every key and alias write reaches the store, is committed, and then fails with
   * {@link StoreUnavailableException} as if its answer were lost (a timeout after DynamoDB
   * committed).
   */
  public FaultyKeyStore losingWriteAnswers() {
    controls.losingWriteAnswers = true;
    return this;
  }

  /** No call fails any more. */
  public void heal() {
    controls.fault = null;
    controls.losingWriteAnswers = false;
  }

  /** How many times {@link #pendingRecords} was called (in any region's view). */
  public int outboxReads() {
    return controls.outboxReads.get();
  }

  /** The store cannot be reached: what an adapter throws on a timeout or a 5xx. */
  public static Supplier<RuntimeException> unavailable() {
    return () -> new StoreUnavailableException("the test took the store down", null);
  }

  /** The write lost a race with another writer. */
  public static Supplier<RuntimeException> conflict() {
    return () -> new StoreConflictException("the test made the write lose a race");
  }

  /** A first argument that is, or belongs to, the key {@code keyId}. */
  public static Predicate<Object> key(KeyId keyId) {
    return argument ->
        keyId.equals(argument) || (argument instanceof KmsKey key && key.keyId().equals(keyId));
  }

  private void check(String method, Object firstArgument) {
    Fault current = controls.fault;
    if (current != null && current.matches(method, firstArgument)) {
      throw current.error().get();
    }
  }

  /** Called after a write reached the store. */
  private void answered() {
    if (controls.losingWriteAnswers) {
      throw new StoreUnavailableException("the test lost the write's answer", null);
    }
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record) {
    check("create", key);
    KmsKey created = store.create(key, record);
    answered();
    return created;
  }

  @Override
  public Optional<KmsKey> find(KeyId keyId) {
    check("find", keyId);
    return store.find(keyId);
  }

  @Override
  public KmsKey update(KmsKey changed, OutboxRecord record) {
    check("update", changed);
    KmsKey updated = store.update(changed, record);
    answered();
    return updated;
  }

  @Override
  public void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    check("delete", keyId);
    store.delete(keyId, expectedRevision, record);
    answered();
  }

  @Override
  public Page<KeyId> listKeys(String cursor, int limit) {
    check("listKeys", cursor);
    return store.listKeys(cursor, limit);
  }

  @Override
  public void createAlias(Alias alias, OutboxRecord record) {
    check("createAlias", alias);
    store.createAlias(alias, record);
    answered();
  }

  @Override
  public Optional<Alias> findAlias(String aliasName) {
    check("findAlias", aliasName);
    return store.findAlias(aliasName);
  }

  @Override
  public void updateAlias(Alias alias, OutboxRecord record) {
    check("updateAlias", alias);
    store.updateAlias(alias, record);
    answered();
  }

  @Override
  public boolean deleteAlias(String aliasName, OutboxRecord record) {
    check("deleteAlias", aliasName);
    boolean deleted = store.deleteAlias(aliasName, record);
    answered();
    return deleted;
  }

  @Override
  public Page<Alias> listAliases(KeyId targetKeyId, String cursor, int limit) {
    check("listAliases", targetKeyId);
    return store.listAliases(targetKeyId, cursor, limit);
  }

  @Override
  public int countAliases(KeyId targetKeyId) {
    check("countAliases", targetKeyId);
    return store.countAliases(targetKeyId);
  }

  @Override
  public void createGrant(Grant grant, OutboxRecord record) {
    check("createGrant", grant.keyId());
    store.createGrant(grant, record);
    answered();
  }

  @Override
  public Optional<Grant> findGrant(KeyId keyId, String grantId) {
    check("findGrant", keyId);
    return store.findGrant(keyId, grantId);
  }

  @Override
  public List<Grant> findGrants(KeyId keyId, String granteeScope) {
    check("findGrants", keyId);
    return store.findGrants(keyId, granteeScope);
  }

  @Override
  public Page<Grant> listGrants(KeyId keyId, String grantee, String cursor, int limit) {
    check("listGrants", keyId);
    return store.listGrants(keyId, grantee, cursor, limit);
  }

  @Override
  public Page<Grant> listRetirableGrants(String retiringPrincipal, String cursor, int limit) {
    check("listRetirableGrants", retiringPrincipal);
    return store.listRetirableGrants(retiringPrincipal, cursor, limit);
  }

  @Override
  public boolean deleteGrant(KeyId keyId, String grantId, OutboxRecord record) {
    check("deleteGrant", keyId);
    boolean deleted = store.deleteGrant(keyId, grantId, record);
    answered();
    return deleted;
  }

  @Override
  public int countGrants(KeyId keyId) {
    check("countGrants", keyId);
    return store.countGrants(keyId);
  }

  @Override
  public List<KeyId> findDue(Instant now, int limit) {
    check("findDue", now);
    return store.findDue(now, limit);
  }

  @Override
  public List<OutboxRecord> pendingRecords(int limit) {
    controls.outboxReads.incrementAndGet();
    check("pendingRecords", limit);
    return store.pendingRecords(limit);
  }

  @Override
  public void removeRecord(String recordId) {
    check("removeRecord", recordId);
    store.removeRecord(recordId);
  }

  @Override
  public CustomKeyStore createCustomKeyStore(CustomKeyStore customKeyStore, OutboxRecord record) {
    check("createCustomKeyStore", customKeyStore);
    CustomKeyStore created = store.createCustomKeyStore(customKeyStore, record);
    answered();
    return created;
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStore(String customKeyStoreId) {
    check("findCustomKeyStore", customKeyStoreId);
    return store.findCustomKeyStore(customKeyStoreId);
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStoreByName(String name) {
    check("findCustomKeyStoreByName", name);
    return store.findCustomKeyStoreByName(name);
  }

  @Override
  public Page<CustomKeyStore> listCustomKeyStores(String cursor, int limit) {
    check("listCustomKeyStores", cursor);
    return store.listCustomKeyStores(cursor, limit);
  }

  @Override
  public CustomKeyStore updateCustomKeyStore(CustomKeyStore changed, OutboxRecord record) {
    check("updateCustomKeyStore", changed);
    CustomKeyStore updated = store.updateCustomKeyStore(changed, record);
    answered();
    return updated;
  }

  @Override
  public void deleteCustomKeyStore(
      String customKeyStoreId, long expectedRevision, OutboxRecord record) {
    check("deleteCustomKeyStore", customKeyStoreId);
    store.deleteCustomKeyStore(customKeyStoreId, expectedRevision, record);
    answered();
  }
}

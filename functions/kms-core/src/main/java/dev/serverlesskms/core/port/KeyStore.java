package dev.serverlesskms.core.port;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable storage of keys (metadata and wrapped versions), aliases and grants.
 *
 * <p>Guarantees every implementation gives, checked by {@code KeyStoreContract} in kms-testkit:
 *
 * <ul>
 *   <li>Atomic writes: a key and all its versions are written together or not at all; deleting a
 *       key removes its versions, aliases and grants together.
 *   <li>Optimistic concurrency: {@link #update} and {@link #delete} succeed only if the stored
 *       revision is still the one the caller read, so concurrent changes never silently overwrite
 *       each other.
 *   <li>Read-your-writes for the writer.
 *   <li>{@link #findDue} answers from an index of due dates; it never scans all keys.
 *   <li>Grants are stored apart from their key (a key may have 50,000): reading a key never reads
 *       them, and the grants of one grantee on a key are found with one lookup ({@link
 *       #findGrants}), the grants of one retiring principal across keys with another ({@link
 *       #listRetirableGrants}); neither scans.
 *   <li>The outbox: every write of a key, an alias or a grant takes the {@link OutboxRecord audit
 *       record} of the change and commits it in the same atomic write, so the change is stored with
 *       its record or neither is. A write that stores nothing (a conflict, an outage, an alias that
 *       is not there to delete) stores no record either. Records stay pending until {@link
 *       #removeRecord}; they never show in listings of keys, aliases or grants nor in the due
 *       index.
 * </ul>
 *
 * There is no way to change a key, an alias or a grant without a record: the record is a parameter
 * of every write.
 *
 * <p>Custom key stores are stored here too. A key created in one ({@link
 * KmsKey#customKeyStoreId()}) counts in its store's {@link CustomKeyStore#keyCount()}: {@link
 * #create} increments it and {@link #delete} decrements it in the same atomic write, so
 * DeleteCustomKeyStore refuses a store with keys without scanning keys, and no key can be created
 * in a store being deleted.
 *
 * <p>Stores hold only wrapped key material; nothing here can decrypt anything.
 */
public interface KeyStore {

  /**
   * Stores a new key with its versions, and its record; the stored revision is 1.
   *
   * @return the key as stored (revision 1)
   * @throws StoreConflictException if a key with this id exists, or the key names a custom key
   *     store that does not exist
   */
  KmsKey create(KmsKey key, OutboxRecord record);

  Optional<KmsKey> find(KeyId keyId);

  /**
   * Replaces a key (metadata and versions) if its stored revision is {@code changed.revision()},
   * and stores its record with it.
   *
   * @return the key as stored, with its revision incremented
   * @throws StoreConflictException if the key is gone or its revision moved
   */
  KmsKey update(KmsKey changed, OutboxRecord record);

  /**
   * Deletes a key, its versions, every alias that points at it and every grant on it, if its
   * revision is {@code expectedRevision}, and stores its record.
   *
   * @throws StoreConflictException if the key is gone or its revision moved
   */
  void delete(KeyId keyId, long expectedRevision, OutboxRecord record);

  /**
   * Lists key ids in a stable order.
   *
   * @param cursor {@code null} for the first page, else a previous page's {@code nextCursor}
   * @param limit 1..1000; a page that ends exactly at the last key has no {@code nextCursor}
   * @throws IllegalArgumentException if the limit is out of range, or the cursor was not issued by
   *     this store for this listing
   */
  Page<KeyId> listKeys(String cursor, int limit);

  /**
   * Stores a new alias and its record.
   *
   * @throws StoreConflictException if an alias with this name exists
   */
  void createAlias(Alias alias, OutboxRecord record);

  Optional<Alias> findAlias(String aliasName);

  /**
   * Points an existing alias at another key, and stores its record.
   *
   * @throws StoreConflictException if the alias does not exist
   */
  void updateAlias(Alias alias, OutboxRecord record);

  /**
   * Deletes an alias and stores its record; stores neither if there is no such alias.
   *
   * @return whether an alias was deleted
   */
  boolean deleteAlias(String aliasName, OutboxRecord record);

  /**
   * Lists aliases by name, all of them or those of one key.
   *
   * @param targetKeyId {@code null} for all aliases
   * @param limit 1..1000
   * @throws IllegalArgumentException if the limit is out of range, or the cursor was not issued by
   *     this store for this listing (another key's, or all aliases' cursor)
   */
  Page<Alias> listAliases(KeyId targetKeyId, String cursor, int limit);

  /** The number of aliases that point at a key (AWS allows 50). */
  int countAliases(KeyId targetKeyId);

  /**
   * Stores a new grant on its key, and its record.
   *
   * @throws StoreConflictException if the key does not exist (it was deleted meanwhile) or a grant
   *     with this id exists
   */
  void createGrant(Grant grant, OutboxRecord record);

  /** The grant with this id on this key. */
  Optional<Grant> findGrant(KeyId keyId, String grantId);

  /**
   * The grants on a key whose grantee has this scope ({@link Grant#scopeOf}): every grant that
   * could name a caller of that account (its user or session, its role, the account itself), or
   * that service. One lookup of an index by key and scope, never a read of all the key's grants;
   * the caller picks the grants that name it.
   */
  List<Grant> findGrants(KeyId keyId, String granteeScope);

  /**
   * Lists a key's grants, all of them by grant id, or those whose grantee ({@link Grant#grantee()})
   * is exactly {@code grantee}.
   *
   * @param grantee {@code null} for all the key's grants
   * @param limit 1..1000
   * @throws IllegalArgumentException if the limit is out of range, or the cursor was not issued by
   *     this store for this listing
   */
  Page<Grant> listGrants(KeyId keyId, String grantee, String cursor, int limit);

  /**
   * Lists the grants, on any key, whose retiring principal ({@link Grant#retiree()}) is exactly
   * {@code retiringPrincipal}, by key id and grant id.
   *
   * @param limit 1..1000
   * @throws IllegalArgumentException if the limit is out of range, or the cursor was not issued by
   *     this store for this listing
   */
  Page<Grant> listRetirableGrants(String retiringPrincipal, String cursor, int limit);

  /**
   * Deletes a grant and stores its record; stores neither if there is no such grant.
   *
   * @return whether a grant was deleted
   */
  boolean deleteGrant(KeyId keyId, String grantId, OutboxRecord record);

  /** The number of grants on a key (AWS allows 50,000). */
  int countGrants(KeyId keyId);

  /**
   * Keys whose {@link KmsKey#dueAt()} is at or before {@code now}, earliest first, read from the
   * due index (never a scan of all keys).
   *
   * @param limit at least 1
   * @throws IllegalArgumentException if the limit is below 1
   */
  List<KeyId> findDue(Instant now, int limit);

  /**
   * Records committed with their changes and not yet removed, oldest id first. A strongly
   * consistent read: a record whose write returned is listed.
   *
   * @param limit 1..1000
   * @throws IllegalArgumentException if the limit is out of range
   */
  List<OutboxRecord> pendingRecords(int limit);

  /** Removes a pending record (delivered). Removing one that is not there does nothing. */
  void removeRecord(String recordId);

  // --- custom key stores ---

  /**
   * Stores a new custom key store and its record; the stored revision is 1 and its key count 0.
   *
   * @throws StoreConflictException if a store with this id or this name exists
   */
  CustomKeyStore createCustomKeyStore(CustomKeyStore store, OutboxRecord record);

  Optional<CustomKeyStore> findCustomKeyStore(String customKeyStoreId);

  /** The store with this name (names are unique), read from an index, never a scan. */
  Optional<CustomKeyStore> findCustomKeyStoreByName(String name);

  /**
   * Lists custom key stores by id.
   *
   * @param limit 1..1000
   * @throws IllegalArgumentException if the limit is out of range, or the cursor was not issued by
   *     this store for this listing
   */
  Page<CustomKeyStore> listCustomKeyStores(String cursor, int limit);

  /**
   * Replaces a custom key store (all but its key count, which only key writes change) if its stored
   * revision is {@code changed.revision()}, and stores its record with it.
   *
   * @param record the audit record, or {@code null} for a transition the KMS makes on its own (the
   *     outcome of connecting), which has no event of its own, as in CloudTrail
   * @return the store as stored, with its revision incremented
   * @throws StoreConflictException if the store is gone, its revision moved, or its new name is
   *     another store's
   */
  CustomKeyStore updateCustomKeyStore(CustomKeyStore changed, OutboxRecord record);

  /**
   * Deletes a custom key store if its revision is {@code expectedRevision} and it holds no keys,
   * and stores its record.
   *
   * @throws StoreConflictException if the store is gone, its revision moved, or it holds keys
   */
  void deleteCustomKeyStore(String customKeyStoreId, long expectedRevision, OutboxRecord record);

  // ---- Regions (issue 12) -------------------------------------------------------------------

  /**
   * This store's view of {@code region}: that region's own keys, aliases, grants, custom key
   * stores, counters and last-usage records, in the same table or file. Every other method of this
   * interface acts on one region only (this view's); a multi-Region key's replica lives in the
   * replica region's view under the same key id. The outbox ({@link #pendingRecords}, {@link
   * #removeRecord}) is shared by every view.
   *
   * <p>The store as constructed is the view of the KMS's default region ({@code kms.region}), and
   * its data keeps the layout it had before regions existed, so an existing installation's keys
   * stay where they were; other regions' data is kept apart by the region in its keys. {@code
   * inRegion(defaultRegion)} answers this view; views are cheap, may be cached, and two views of
   * one region are interchangeable (a decorator answers a decorated view).
   *
   * @param region a region name ({@link dev.serverlesskms.core.model.KmsLocation#isRegion})
   * @throws IllegalArgumentException if {@code region} is not a region name (it becomes part of
   *     stored keys, so no other text may reach them)
   */
  KeyStore inRegion(String region);

  /**
   * The regions that hold or have held a key in this store, the default region always among them,
   * read without a scan (a registry updated in the write that creates a region's first key). The
   * lifecycle job visits each.
   */
  Set<String> regions();

  // ---- Quotas (issue 12) --------------------------------------------------------------------

  /**
   * {@link #create}, refused when this region already holds {@code customerKeyQuota} customer
   * managed keys (AWS managed keys do not count), decided atomically with the write from a counter
   * that {@link #create} increments and {@link #delete} decrements in the same atomic write: no
   * scan, and two concurrent creates cannot both pass the last free place.
   *
   * @throws QuotaExceededException when the quota is reached; nothing is written
   */
  KmsKey create(KmsKey key, OutboxRecord record, long customerKeyQuota);

  /** The number of customer managed keys in this region, from the counter; no scan. */
  long countCustomerKeys();

  // ---- Last usage (issue 12) ----------------------------------------------------------------

  /**
   * Saves the last use of keys of this region, each only if newer than the one stored for its key
   * (concurrent servers flush in any order), without changing the keys' revisions (a use is not a
   * change: it must not make a concurrent change conflict). A key that no longer exists is skipped.
   */
  void saveKeyLastUsage(Collection<KeyLastUsage> usages);

  /** The saved last use of a key of this region, if any was saved; gone with the key. */
  Optional<KeyLastUsage> findKeyLastUsage(KeyId keyId);
}

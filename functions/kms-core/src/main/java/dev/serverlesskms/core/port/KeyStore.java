package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of keys (metadata and wrapped versions) and aliases.
 *
 * <p>Guarantees every implementation gives, checked by {@code KeyStoreContract} in kms-testkit:
 *
 * <ul>
 *   <li>Atomic writes: a key and all its versions are written together or not at all; deleting a
 *       key removes its versions and aliases together.
 *   <li>Optimistic concurrency: {@link #update} and {@link #delete} succeed only if the stored
 *       revision is still the one the caller read, so concurrent changes never silently overwrite
 *       each other.
 *   <li>Read-your-writes for the writer.
 *   <li>{@link #findDue} answers from an index of due dates; it never scans all keys.
 * </ul>
 *
 * Stores hold only wrapped key material; nothing here can decrypt anything.
 */
public interface KeyStore {

  /**
   * Stores a new key with its versions; the stored revision is 1.
   *
   * @return the key as stored (revision 1)
   * @throws StoreConflictException if a key with this id exists
   */
  KmsKey create(KmsKey key);

  Optional<KmsKey> find(KeyId keyId);

  /**
   * Replaces a key (metadata and versions) if its stored revision is {@code changed.revision()}.
   *
   * @return the key as stored, with its revision incremented
   * @throws StoreConflictException if the key is gone or its revision moved
   */
  KmsKey update(KmsKey changed);

  /**
   * Deletes a key, its versions and every alias that points at it, if its revision is {@code
   * expectedRevision}.
   *
   * @throws StoreConflictException if the key is gone or its revision moved
   */
  void delete(KeyId keyId, long expectedRevision);

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
   * @throws StoreConflictException if an alias with this name exists
   */
  void createAlias(Alias alias);

  Optional<Alias> findAlias(String aliasName);

  /**
   * Points an existing alias at another key.
   *
   * @throws StoreConflictException if the alias does not exist
   */
  void updateAlias(Alias alias);

  /**
   * @return whether an alias was deleted
   */
  boolean deleteAlias(String aliasName);

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
   * Keys whose {@link KmsKey#dueAt()} is at or before {@code now}, earliest first, read from the
   * due index (never a scan of all keys).
   *
   * @param limit at least 1
   * @throws IllegalArgumentException if the limit is below 1
   */
  List<KeyId> findDue(Instant now, int limit);
}

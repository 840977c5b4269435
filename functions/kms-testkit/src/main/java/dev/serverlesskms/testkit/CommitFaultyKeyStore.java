package dev.serverlesskms.testkit;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A key store with switchable faults, around any store, for tests of what the KMS does when its
 * store fails:
 *
 * <ul>
 *   <li>{@link WriteFault#BEFORE_COMMIT}: a write fails with nothing stored (an outage, a refused
 *       transaction);
 *   <li>{@link WriteFault#AFTER_COMMIT}: a write is stored, then fails as if its answer were lost
 *       (a timeout after DynamoDB committed): the caller cannot tell it happened;
 *   <li>{@link #failOutbox}: reading and removing pending audit records fail.
 * </ul>
 *
 * It also counts outbox reads, to show which requests touch the outbox.
 */
public final class CommitFaultyKeyStore implements KeyStore {
  /** How the next writes fail. */
  public enum WriteFault {
    NONE,
    BEFORE_COMMIT,
    AFTER_COMMIT
  }

  private final KeyStore store;
  private volatile WriteFault writeFault = WriteFault.NONE;
  private volatile boolean outboxFails;
  private final AtomicInteger outboxReads = new AtomicInteger();

  public CommitFaultyKeyStore(KeyStore store) {
    this.store = store;
  }

  /** From now on every key and alias write fails this way (until {@link WriteFault#NONE}). */
  public void failWrites(WriteFault fault) {
    this.writeFault = fault;
  }

  /** From now on reading and removing pending records fail (true) or work again (false). */
  public void failOutbox(boolean fail) {
    this.outboxFails = fail;
  }

  /** How many times {@link #pendingRecords} was called. */
  public int outboxReads() {
    return outboxReads.get();
  }

  private <T> T write(Supplier<T> write) {
    WriteFault fault = writeFault;
    if (fault == WriteFault.BEFORE_COMMIT) {
      throw new StoreUnavailableException("injected: the store refused the write", null);
    }
    T result = write.get();
    if (fault == WriteFault.AFTER_COMMIT) {
      throw new StoreUnavailableException("injected: the write's answer was lost", null);
    }
    return result;
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record) {
    return write(() -> store.create(key, record));
  }

  @Override
  public Optional<KmsKey> find(KeyId keyId) {
    return store.find(keyId);
  }

  @Override
  public KmsKey update(KmsKey changed, OutboxRecord record) {
    return write(() -> store.update(changed, record));
  }

  @Override
  public void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    write(
        () -> {
          store.delete(keyId, expectedRevision, record);
          return null;
        });
  }

  @Override
  public Page<KeyId> listKeys(String cursor, int limit) {
    return store.listKeys(cursor, limit);
  }

  @Override
  public void createAlias(Alias alias, OutboxRecord record) {
    write(
        () -> {
          store.createAlias(alias, record);
          return null;
        });
  }

  @Override
  public Optional<Alias> findAlias(String aliasName) {
    return store.findAlias(aliasName);
  }

  @Override
  public void updateAlias(Alias alias, OutboxRecord record) {
    write(
        () -> {
          store.updateAlias(alias, record);
          return null;
        });
  }

  @Override
  public boolean deleteAlias(String aliasName, OutboxRecord record) {
    return write(() -> store.deleteAlias(aliasName, record));
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
  public List<KeyId> findDue(Instant now, int limit) {
    return store.findDue(now, limit);
  }

  @Override
  public List<OutboxRecord> pendingRecords(int limit) {
    outboxReads.incrementAndGet();
    if (outboxFails) {
      throw new StoreUnavailableException("injected: the outbox cannot be read", null);
    }
    return store.pendingRecords(limit);
  }

  @Override
  public void removeRecord(String recordId) {
    if (outboxFails) {
      throw new StoreUnavailableException("injected: the record cannot be removed", null);
    }
    store.removeRecord(recordId);
  }
}

package dev.serverlesskms.core.audit;

import dev.serverlesskms.core.port.KeyStore;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves audit records from the key store's outbox to the audit sink. A change is committed together
 * with its record ({@link KeyStore}); this class then hands the record to the sink and removes it
 * from the outbox. When the sink cannot take it, the record stays pending, durable beside the
 * change, and a later {@link #drain} delivers it: before the next write request of this process, on
 * the local server's lifecycle timer, and in every run of the scheduled lifecycle function. Read
 * requests never touch the outbox: the data plane's hot path reads nothing more and keeps its
 * read-only access to the table.
 *
 * <p>Delivery is at least once. A record is removed only after the sink took it, so a crash (or a
 * failed removal) in between delivers it again, and two processes draining at once may both deliver
 * it; every record carries its {@code eventID}, by which consumers drop duplicates. Pending records
 * are delivered oldest first, but a record may reach the sink after younger ones that were
 * delivered directly (as CloudTrail, the stream promises no order; {@code eventTime} tells).
 *
 * <p>Thread-safe. Drains of one relay run one at a time.
 */
public final class AuditRelay {
  private static final System.Logger LOG = System.getLogger(AuditRelay.class.getName());

  /** Records read from the outbox at a time. */
  static final int PAGE = 100;

  private final KeyStore store;
  private final AuditSink sink;

  /**
   * Whether records may be pending: true at start (an earlier process may have left some), after a
   * record the sink did not take, and after a write whose outcome is unknown.
   */
  private final AtomicBoolean behind = new AtomicBoolean(true);

  private final ReentrantLock draining = new ReentrantLock();

  public AuditRelay(KeyStore store, AuditSink sink) {
    this.store = store;
    this.sink = sink;
  }

  /** What one drain did. */
  public record Drained(int delivered, boolean complete) {}

  /**
   * Hands over the record of a change just committed and removes it from the outbox. Never throws:
   * the change and its record are stored, so the request succeeded; a record the sink does not take
   * stays pending for a later drain.
   *
   * @return whether the sink took the record
   */
  public boolean deliver(OutboxRecord record) {
    try {
      sink.record(record.event());
    } catch (RuntimeException e) {
      behind.set(true);
      LOG.log(
          Level.WARNING,
          "audit sink did not take " + record + "; it stays in the outbox for a later drain",
          e);
      return false;
    }
    remove(record);
    return true;
  }

  /**
   * Drains the outbox if records may be pending in it (see {@link #markBehind}), unless another
   * drain is under way. Never throws; called before each request that may change something, so a
   * sink that is back gets the records it missed.
   */
  public void catchUp() {
    if (!behind.get() || !draining.tryLock()) {
      return;
    }
    try {
      drainLocked();
    } catch (RuntimeException e) {
      behind.set(true);
      LOG.log(Level.WARNING, "audit outbox drain failed; it is tried again later", e);
    } finally {
      draining.unlock();
    }
  }

  /** Notes that a record may be pending: a write whose outcome is unknown (a store timeout). */
  public void markBehind() {
    behind.set(true);
  }

  /**
   * Delivers every pending record, oldest first, until the outbox is empty or the sink refuses one.
   * A damaged record (unreadable JSON, which no writer here produces) is logged and left in place;
   * the drain ends after the page it was in.
   *
   * @return how many records were delivered, and whether the outbox was emptied
   * @throws dev.serverlesskms.core.port.StoreUnavailableException if the outbox cannot be read
   */
  public Drained drain() {
    draining.lock();
    try {
      return drainLocked();
    } finally {
      draining.unlock();
    }
  }

  private Drained drainLocked() {
    behind.set(false);
    int delivered = 0;
    while (true) {
      List<OutboxRecord> page;
      try {
        page = store.pendingRecords(PAGE);
      } catch (RuntimeException e) {
        behind.set(true);
        throw e;
      }
      int skipped = 0;
      for (OutboxRecord record : page) {
        AuditEvent event;
        try {
          event = record.event();
        } catch (IllegalArgumentException e) {
          LOG.log(Level.ERROR, "damaged audit record " + record + " left in the outbox", e);
          skipped++;
          continue;
        }
        try {
          sink.record(event);
        } catch (RuntimeException e) {
          behind.set(true);
          LOG.log(Level.WARNING, "audit sink did not take " + record + "; drain stopped", e);
          return new Drained(delivered, false);
        }
        delivered++;
        if (!remove(record)) {
          return new Drained(delivered, false);
        }
      }
      if (skipped > 0) {
        behind.set(true);
        return new Drained(delivered, false);
      }
      if (page.size() < PAGE) {
        return new Drained(delivered, true);
      }
    }
  }

  /**
   * Removes a delivered record. If that fails, the record is delivered again by the next scheduled
   * drain (at least once); it does not make this relay catch up before every request, which would
   * deliver it again each time.
   */
  private boolean remove(OutboxRecord record) {
    try {
      store.removeRecord(record.id());
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "delivered " + record + " but could not remove it from the outbox; it will be sent again",
          e);
      return false;
    }
  }
}

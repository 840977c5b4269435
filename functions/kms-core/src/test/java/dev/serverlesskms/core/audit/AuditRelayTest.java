package dev.serverlesskms.core.audit;

import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.testkit.FaultyKeyStore;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.RecordingAuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The relay from the store's outbox to the audit sink: at least once, oldest first, never lost. */
class AuditRelayTest {
  private final InMemoryKeyStore memory = new InMemoryKeyStore();
  private final FaultyKeyStore store = new FaultyKeyStore(memory);
  private final RecordingAuditSink sink = new RecordingAuditSink();
  private final AuditRelay relay = new AuditRelay(store, sink);

  /** Commits a key with a fresh record, as a write does, and returns the record. */
  private OutboxRecord committed() {
    OutboxRecord record = auditRecord();
    memory.create(enabledKey().build(), record);
    return record;
  }

  /** The event ids the sink received, in order. */
  private List<String> deliveredIds() {
    return sink.events().stream().map(AuditEvent::eventId).toList();
  }

  private static String eventId(OutboxRecord record) {
    return record.event().eventId();
  }

  @Test
  void deliver_sinkTakesTheRecord_removesItFromTheOutbox() {
    OutboxRecord record = committed();

    assertThat(relay.deliver(record)).isTrue();

    assertThat(sink.events()).containsExactly(record.event());
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @Test
  void deliver_sinkRefuses_returnsFalse_andTheRecordStaysPending() {
    OutboxRecord record = committed();
    sink.refuse(true);

    assertThat(relay.deliver(record)).isFalse();

    assertThat(memory.pendingRecords(10)).containsExactly(record);
  }

  @Test
  void deliver_removalFails_isDeliveredAgainByTheNextDrain_notBeforeEveryRequest() {
    relay.drain();
    OutboxRecord record = committed();
    store.failing(FaultyKeyStore.OUTBOX, FaultyKeyStore.unavailable());

    assertThat(relay.deliver(record)).isTrue();

    store.heal();
    int reads = store.outboxReads();
    relay.catchUp();
    assertThat(store.outboxReads()).as("catch-up does not look").isEqualTo(reads);
    assertThat(relay.drain()).isEqualTo(new AuditRelay.Drained(1, true));
    assertThat(deliveredIds()).containsExactly(eventId(record), eventId(record));
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @Test
  void drain_deliversEveryPendingRecordOldestFirst_pageAfterPage() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2 * AuditRelay.PAGE + 17; i++) {
      ids.add(eventId(committed()));
    }

    AuditRelay.Drained drained = relay.drain();

    assertThat(drained).isEqualTo(new AuditRelay.Drained(ids.size(), true));
    assertThat(deliveredIds()).isEqualTo(ids);
    assertThat(memory.pendingRecords(10)).isEmpty();
    assertThat(relay.drain()).isEqualTo(new AuditRelay.Drained(0, true));
    assertThat(sink.events()).hasSize(ids.size());
  }

  @Test
  void drain_stopsAtTheFirstRefusal_andTheRestWaits() {
    List<OutboxRecord> records = List.of(committed(), committed(), committed(), committed());
    AtomicInteger taken = new AtomicInteger();
    List<AuditEvent> received = new ArrayList<>();
    AuditRelay flaky =
        new AuditRelay(
            store,
            event -> {
              if (taken.incrementAndGet() > 2) {
                throw new AuditUnavailableException("stream down", null);
              }
              received.add(event);
            });

    assertThat(flaky.drain()).isEqualTo(new AuditRelay.Drained(2, false));

    assertThat(received)
        .extracting(AuditEvent::eventId)
        .containsExactly(eventId(records.get(0)), eventId(records.get(1)));
    assertThat(memory.pendingRecords(10)).containsExactlyElementsOf(records.subList(2, 4));
  }

  @Test
  void drain_damagedRecord_isLeftInPlace_andTheOthersAreDelivered() {
    OutboxRecord damaged = OutboxRecord.stored("0000000000000#damaged", "{\"eventName\":");
    memory.create(enabledKey().build(), damaged);
    OutboxRecord fine = committed();

    assertThat(relay.drain()).isEqualTo(new AuditRelay.Drained(1, false));

    assertThat(deliveredIds()).containsExactly(eventId(fine));
    assertThat(memory.pendingRecords(10)).containsExactly(damaged);
  }

  @Test
  void catchUp_looksOnceAtStart_thenOnlyAfterARecordWasNotDelivered() {
    relay.catchUp();
    relay.catchUp();
    assertThat(store.outboxReads()).isEqualTo(1);

    OutboxRecord record = committed();
    sink.refuse(true);
    relay.deliver(record);
    sink.refuse(false);
    relay.catchUp();

    assertThat(store.outboxReads()).isEqualTo(2);
    assertThat(deliveredIds()).containsExactly(eventId(record));
    relay.catchUp();
    assertThat(store.outboxReads()).isEqualTo(2);
  }

  @Test
  void catchUp_outboxUnreadable_neverThrows_andTriesAgainNextTime() {
    OutboxRecord record = committed();
    store.failing(FaultyKeyStore.OUTBOX, FaultyKeyStore.unavailable());

    relay.catchUp();
    store.heal();
    relay.catchUp();

    assertThat(store.outboxReads()).isEqualTo(2);
    assertThat(deliveredIds()).containsExactly(eventId(record));
  }

  @Test
  void markBehind_makesTheNextCatchUpLook() {
    relay.drain();
    OutboxRecord leftByATimedOutWrite = committed();
    relay.catchUp();
    assertThat(sink.events()).isEmpty();

    relay.markBehind();
    relay.catchUp();

    assertThat(deliveredIds()).containsExactly(eventId(leftByATimedOutWrite));
  }
}

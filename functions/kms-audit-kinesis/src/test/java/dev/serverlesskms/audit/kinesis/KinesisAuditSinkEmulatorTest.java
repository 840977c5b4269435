package dev.serverlesskms.audit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * {@link KinesisAuditSink} against kinesis-local (npm), started by this class on free ports and
 * stopped after it, failures included. What the sink wrote is read back with
 * GetShardIterator/GetRecords and compared byte for byte with {@link AuditEventJson}'s line,
 * partition key by partition key.
 */
@Timeout(60)
class KinesisAuditSinkEmulatorTest {
  private static final AtomicInteger STREAMS = new AtomicInteger();

  private static KinesisLocal emulator;

  /** The sink's client: CBOR, built by {@link KinesisAuditClients} as in production. */
  private static KinesisClient kinesis;

  /** Reads back over JSON; see {@link StreamContents}. */
  private static KinesisClient reader;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = KinesisLocal.start("shared");
    kinesis = emulator.client();
    reader = StreamContents.jsonClient(emulator.endpoint());
  }

  @AfterAll
  static void stopEmulator() throws Exception {
    // Closed in reverse order, each even if another fails; nulls (a failed start) are skipped.
    closeAll(reader, kinesis, emulator);
  }

  private static void closeAll(AutoCloseable... resources) throws Exception {
    Exception first = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void records_areStoredAsTheExactJsonLines_keyedByKeyId_orRequestId() throws Exception {
    String stream = newStream(4);
    AuditEvent keyA = AuditEvents.encrypt("1234abcd-12ab-34cd-56ef-1234567890ab");
    AuditEvent keyB = AuditEvents.encrypt("mrk-1234abcd12ab34cd56ef1234567890ab");
    AuditEvent noKey = AuditEvents.generateRandom("req-" + UUID.randomUUID());
    AuditEvent twoKeys =
        AuditEvents.event(
            "ReEncrypt",
            "req-2",
            List.of(AuditEvents.keyArn("source-key"), AuditEvents.keyArn("destination-key")),
            Map.of());
    List<AuditEvent> events = List.of(keyA, keyB, noKey, twoKeys);

    KinesisAuditSink sink = new KinesisAuditSink(kinesis, stream);
    events.forEach(sink::record);

    Map<String, StreamContents.Stored> stored = byEventId(StreamContents.readAll(reader, stream));
    assertThat(stored).hasSize(events.size());
    for (AuditEvent event : events) {
      assertThat(stored.get(event.eventId()).data()).isEqualTo(AuditEventJson.toJson(event));
    }
    assertThat(stored.get(keyA.eventId()).partitionKey())
        .isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(stored.get(keyB.eventId()).partitionKey())
        .isEqualTo("mrk-1234abcd12ab34cd56ef1234567890ab");
    assertThat(stored.get(noKey.eventId()).partitionKey()).isEqualTo(noKey.requestId());
    assertThat(stored.get(twoKeys.eventId()).partitionKey()).isEqualTo("source-key");
  }

  @Test
  void recordsOfOneKey_keepTheOrderTheyWereWrittenIn() throws Exception {
    String stream = newStream(4);
    KinesisAuditSink sink = new KinesisAuditSink(kinesis, stream);
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      AuditEvent event = AuditEvents.encrypt("ordered-key");
      sink.record(event);
      written.add(event.eventId());
    }

    List<StreamContents.Stored> stored = StreamContents.readAll(reader, stream);
    assertThat(stored)
        .extracting(StreamContents.Stored::shardId)
        .containsOnly(stored.get(0).shardId());
    assertThat(stored).extracting(s -> eventId(s.data())).containsExactlyElementsOf(written);
  }

  @Test
  void aRecordOfExactlyTheKinesisLimit_isStoredWhole() throws Exception {
    String stream = newStream(1);
    AuditEvent event = SizedEvents.ofRecordBytes(KinesisAuditRecord.MAX_RECORD_BYTES);

    new KinesisAuditSink(kinesis, stream).record(event);

    List<StreamContents.Stored> stored = StreamContents.readAll(reader, stream);
    assertThat(stored).hasSize(1);
    assertThat(
            stored.get(0).data().getBytes(StandardCharsets.UTF_8).length
                + stored.get(0).partitionKey().getBytes(StandardCharsets.UTF_8).length)
        .isEqualTo(KinesisAuditRecord.MAX_RECORD_BYTES);
    assertThat(stored.get(0).data()).isEqualTo(AuditEventJson.toJson(event));
  }

  @Test
  void aRecordOneByteOverTheLimit_failsClosed_andNothingIsStored() throws Exception {
    String stream = newStream(1);
    KinesisAuditSink sink = new KinesisAuditSink(kinesis, stream);

    assertThatThrownBy(
            () -> sink.record(SizedEvents.ofRecordBytes(KinesisAuditRecord.MAX_RECORD_BYTES + 1)))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("1048577 bytes")
        .hasMessageContaining("never truncated");
    assertThat(StreamContents.readAll(reader, stream)).isEmpty();
  }

  @Test
  void aMissingStream_failsClosed() {
    KinesisAuditSink sink = new KinesisAuditSink(kinesis, "no-such-stream-" + UUID.randomUUID());

    assertThatThrownBy(() -> sink.record(AuditEvents.encrypt("k")))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("no-such-stream-")
        .hasCauseInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void aStoppedEmulator_failsClosed_withinTheClientsTimeouts() throws Exception {
    KinesisLocal own = KinesisLocal.start("stopped");
    try (KinesisClient client = own.client()) {
      String stream = "audit-stopped";
      StreamContents.create(client, stream, 1);
      KinesisAuditSink sink = new KinesisAuditSink(client, stream);
      sink.record(AuditEvents.encrypt("before-stop"));

      own.close();
      assertThat(own.isAlive()).isFalse();

      long start = System.nanoTime();
      assertThatThrownBy(() -> sink.record(AuditEvents.encrypt("after-stop")))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining(stream)
          .hasCauseInstanceOf(SdkClientException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(KinesisAuditClients.CALL_TIMEOUT);
    } finally {
      own.close(); // stopping twice is harmless; this covers a failure before the stop above
    }
  }

  @Test
  void concurrentRecords_areAllStored_once_andInOrderPerKey() throws Exception {
    String stream = newStream(4);
    KinesisAuditSink sink = new KinesisAuditSink(kinesis, stream);
    int threads = 8;
    int perThread = 12;
    List<List<AuditEvent>> written = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<AuditEvent> ofThread = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        ofThread.add(AuditEvents.encrypt("key-of-thread-" + t));
      }
      written.add(ofThread);
    }

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (List<AuditEvent> ofThread : written) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  ofThread.forEach(sink::record);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<StreamContents.Stored> stored = StreamContents.readAll(reader, stream);
    assertThat(stored).hasSize(threads * perThread);
    Map<String, StreamContents.Stored> byId = byEventId(stored);
    assertThat(byId).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String key = "key-of-thread-" + t;
      for (AuditEvent event : written.get(t)) {
        assertThat(byId.get(event.eventId()).data()).isEqualTo(AuditEventJson.toJson(event));
        assertThat(byId.get(event.eventId()).partitionKey()).isEqualTo(key);
      }
      List<String> storedOrder =
          stored.stream()
              .filter(s -> s.partitionKey().equals(key))
              .map(s -> eventId(s.data()))
              .toList();
      assertThat(storedOrder)
          .containsExactlyElementsOf(written.get(t).stream().map(AuditEvent::eventId).toList());
    }
  }

  private static String newStream(int shards) throws InterruptedException {
    String stream = "audit-" + STREAMS.incrementAndGet();
    StreamContents.create(kinesis, stream, shards);
    return stream;
  }

  private static Map<String, StreamContents.Stored> byEventId(List<StreamContents.Stored> stored) {
    return stored.stream().collect(Collectors.toMap(s -> eventId(s.data()), Function.identity()));
  }

  /** The eventID of a stored line (AuditEventJson writes it as {@code "eventID":"<uuid>"}). */
  private static String eventId(String json) {
    int at = json.indexOf("\"eventID\":\"") + "\"eventID\":\"".length();
    return json.substring(at, json.indexOf('"', at));
  }
}

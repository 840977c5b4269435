package dev.serverlesskms.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void record_appendsOneJsonLinePerRecord() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(log, false)) {
      sink.record(event("evt-1", "line\nbreak \"quoted\""));
      sink.record(event("evt-2", "ünïcödé ✓"));
    }

    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);

    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("eventID").asText()).isEqualTo("evt-1");
    assertThat(JSON.readTree(lines.get(0)).at("/requestParameters/description").asText())
        .isEqualTo("line\nbreak \"quoted\"");
    assertThat(JSON.readTree(lines.get(1)).at("/requestParameters/description").asText())
        .isEqualTo("ünïcödé ✓");
  }

  @Test
  void record_isVisibleInTheFileBeforeItReturns() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(log, true)) {
      sink.record(event("evt-1", "x"));

      assertThat(Files.readAllLines(log)).hasSize(1);
    }
  }

  @Test
  void open_existingLog_appendsAfterItsRecords() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink first = new JsonLinesAuditSink(log, false)) {
      first.record(event("evt-1", "x"));
    }
    try (JsonLinesAuditSink second = new JsonLinesAuditSink(log, false)) {
      second.record(event("evt-2", "x"));
    }

    assertThat(Files.readAllLines(log))
        .extracting(l -> JSON.readTree(l).get("eventID").asText())
        .containsExactly("evt-1", "evt-2");
  }

  @Test
  void open_createsTheLogAndItsDirectoryForTheOwnerOnly() throws IOException {
    Path log = dir.resolve("logs/audit.jsonl");

    new JsonLinesAuditSink(log, false).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  @Timeout(60)
  void record_fromManyThreads_writesEveryRecordOnItsOwnLine() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    int threads = 8;
    int perThread = 200;
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(log, false)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    sink.record(event(thread + "-" + i, "padding ".repeat(100)));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(50, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }

    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      JsonNode record = JSON.readTree(line);
      ids.add(record.get("eventID").asText());
    }
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
  }

  @Test
  void open_whereNoFileCanBeCreated_throwsAuditUnavailable() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> new JsonLinesAuditSink(notADirectory.resolve("audit.jsonl"), false))
        .isInstanceOf(AuditUnavailableException.class);
  }

  @Test
  void record_whenTheWriteFails_throwsAuditUnavailable() {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full, a device on which every write fails");
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(full, false)) {
      assertThatThrownBy(() -> sink.record(event("evt-1", "x")))
          .isInstanceOf(AuditUnavailableException.class)
          .hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void record_afterClose_throwsAuditUnavailable() {
    JsonLinesAuditSink sink = new JsonLinesAuditSink(dir.resolve("audit.jsonl"), false);
    sink.close();

    assertThatThrownBy(() -> sink.record(event("evt-1", "x")))
        .isInstanceOf(AuditUnavailableException.class);
  }

  @Test
  void record_thatCannotBeSerialized_throwsAuditUnavailable_andWritesNothing() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(log, false)) {
      AuditEvent unserializable = event("evt-1", "x", Map.of("blob", new byte[] {1}));

      assertThatThrownBy(() -> sink.record(unserializable))
          .isInstanceOf(AuditUnavailableException.class);
    }
    assertThat(Files.size(log)).isZero();
  }

  private static AuditEvent event(String eventId, String description) {
    return event(eventId, description, Map.of("description", description));
  }

  private static AuditEvent event(
      String eventId, String description, Map<String, Object> parameters) {
    return new AuditEvent(
        "1.08",
        Instant.parse("2026-11-23T05:45:03Z"),
        "UpdateKeyDescription",
        "kms.amazonaws.com",
        "eu-west-1",
        eventId,
        "req-" + eventId,
        null,
        "127.0.0.1",
        "test",
        parameters,
        null,
        null,
        null,
        List.of(),
        false,
        "AwsApiCall",
        "111122223333");
  }
}

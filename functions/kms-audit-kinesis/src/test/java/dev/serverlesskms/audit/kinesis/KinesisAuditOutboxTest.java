package dev.serverlesskms.audit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DescribeKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.UpdateKeyDescriptionRequest;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.MutableClock;
import dev.serverlesskms.testkit.TestEnclave;
import dev.serverlesskms.testkit.TestKms;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The KMS on the Kinesis audit stream (kinesis-local) while the stream is away: changes succeed
 * with their records kept in the store, reads fail closed, and once a stream takes records again
 * the next write delivers the kept ones, each once, as the exact lines that were committed and
 * under the partition key of their key.
 */
@Timeout(90)
class KinesisAuditOutboxTest {
  private static KinesisLocal emulator;
  private static KinesisClient kinesis;
  private static KinesisClient reader;

  private final KeyStore store = new InMemoryKeyStore();
  private final MutableClock clock = MutableClock.startingAt(TestKms.START);

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = KinesisLocal.start("outbox");
    kinesis = emulator.client();
    reader = StreamContents.jsonClient(emulator.endpoint());
  }

  @AfterAll
  static void stopEmulator() {
    if (reader != null) {
      reader.close();
    }
    if (kinesis != null) {
      kinesis.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private Kms kms(KinesisClient client, String stream) {
    return new Kms(
        new KmsEnvironment(TestKms.LOCATION, store, new TestEnclave(), clock),
        new KinesisAuditSink(client, stream));
  }

  @Test
  void streamMissing_changesSucceed_readsFailClosed_andTheRecordsArriveOnceWhenItExists()
      throws Exception {
    String stream = "audit-outbox-missing";
    Kms kms = kms(kinesis, stream);

    String keyId = createKey(kms);
    clock.advance(Duration.ofMillis(1)); // pending records go oldest first, by event time
    kms.invoke(kms.disableKey, new DisableKeyRequest(keyId), context());
    assertThatThrownBy(
            () -> kms.invoke(kms.describeKey, new DescribeKeyRequest(keyId, null), context()))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.INTERNAL));
    assertThat(store.find(new KeyId(keyId)).orElseThrow().state()).isEqualTo(KeyState.DISABLED);
    List<OutboxRecord> pending = store.pendingRecords(10);
    assertThat(pending).hasSize(2);

    StreamContents.create(kinesis, stream, 2);
    kms.invoke(kms.updateKeyDescription, new UpdateKeyDescriptionRequest(keyId, "x"), context());
    kms.auditRelay().drain();

    List<StreamContents.Stored> stored = StreamContents.readAll(reader, stream);
    assertThat(stored)
        .extracting(s -> AuditEventJson.fromJson(s.data()).eventName())
        .containsExactlyInAnyOrder("CreateKey", "DisableKey", "UpdateKeyDescription");
    assertThat(stored).extracting(StreamContents.Stored::partitionKey).containsOnly(keyId);
    assertThat(stored)
        .extracting(StreamContents.Stored::data)
        .contains(pending.get(0).json(), pending.get(1).json());
    assertThat(stored)
        .extracting(s -> AuditEventJson.fromJson(s.data()).eventName())
        .as("one key's records keep their order on its shard")
        .containsExactly("CreateKey", "DisableKey", "UpdateKeyDescription");
    assertThat(store.pendingRecords(10)).isEmpty();
  }

  @Test
  void emulatorStopped_aChangeSucceeds_andTheNextProcessDeliversItsRecord() throws Exception {
    String stream = "audit-outbox-stopped";
    String keyId;
    KinesisLocal first = KinesisLocal.start("outbox-first");
    try (KinesisClient client = first.client()) {
      StreamContents.create(client, stream, 1);
      Kms kms = kms(client, stream);
      keyId = createKey(kms);
      first.close();

      kms.invoke(kms.disableKey, new DisableKeyRequest(keyId), context());

      assertThat(store.find(new KeyId(keyId)).orElseThrow().state()).isEqualTo(KeyState.DISABLED);
      assertThat(store.pendingRecords(10))
          .singleElement()
          .satisfies(r -> assertThat(r.event().eventName()).isEqualTo("DisableKey"));
    } finally {
      first.close();
    }

    String next = "audit-outbox-next";
    StreamContents.create(kinesis, next, 1);
    Kms restarted = kms(kinesis, next);
    restarted.invoke(
        restarted.updateKeyDescription, new UpdateKeyDescriptionRequest(keyId, "y"), context());

    assertThat(StreamContents.readAll(reader, next))
        .extracting(s -> AuditEventJson.fromJson(s.data()).eventName())
        .containsExactly("DisableKey", "UpdateKeyDescription");
    assertThat(store.pendingRecords(10)).isEmpty();
  }

  private static String createKey(Kms kms) {
    return kms.invoke(
            kms.createKey,
            new CreateKeyRequest(null, null, null, null, null, null, null, null, null, null, null),
            context())
        .keyMetadata()
        .keyId();
  }

  private static dev.serverlesskms.core.request.RequestContext context() {
    return TestKms.context(TestKms.accountRoot());
  }
}

package dev.serverlesskms.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.api.UpdateKeyDescriptionRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.testkit.TestEnclave;
import dev.serverlesskms.testkit.TestKms;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault the issue reported, on DynamoDB Local: with the audit sink down, DisableKey answered
 * "not completed" although the key was disabled, and no record of it existed. Now the change and
 * its record commit in one transaction: the caller succeeds, the record waits in the table, and it
 * reaches the sink once the sink is back.
 */
class KmsAuditOutboxOnDynamoDbTest extends LocalTableTest {

  @Test
  void sinkDown_changesSucceed_withTheirRecordsInTheTable_deliveredOnceWhenTheSinkIsBack() {
    TestKms test = TestKms.on(store, new TestEnclave());
    String keyId = createKey(test);
    String doomed = createKey(test);
    test.audit().refuse(true);

    test.call(test.kms().disableKey, new DisableKeyRequest(keyId));
    test.clock().advance(Duration.ofSeconds(1)); // pending records are delivered oldest first
    String created = createKey(test);
    test.clock().advance(Duration.ofSeconds(1));
    test.call(test.kms().scheduleKeyDeletion, new ScheduleKeyDeletionRequest(doomed, 7));
    test.clock().advance(Duration.ofDays(8));
    assertThat(test.lifecycleJob().run().deleted()).isEqualTo(1);

    assertThat(store.find(new KeyId(keyId)).orElseThrow().state()).isEqualTo(KeyState.DISABLED);
    assertThat(store.find(new KeyId(created))).isPresent();
    assertThat(store.find(new KeyId(doomed))).isEmpty();
    List<String> pending = rawOutboxIds();
    assertThat(pending).hasSize(4);
    assertThat(
            pending.stream()
                .map(
                    id ->
                        AuditEventJson.fromJson(
                            rawItem("OUTBOX", id).orElseThrow().get("record").s()))
                .map(AuditEvent::eventName))
        .containsExactly("DisableKey", "CreateKey", "ScheduleKeyDeletion", "DeleteKey");

    test.audit().refuse(false);
    test.call(test.kms().updateKeyDescription, new UpdateKeyDescriptionRequest(keyId, "next"));
    test.kms().auditRelay().drain();
    test.lifecycleJob().run();

    assertThat(test.audit().events())
        .extracting(AuditEvent::eventName)
        .containsExactly(
            "CreateKey",
            "CreateKey",
            "DisableKey",
            "CreateKey",
            "ScheduleKeyDeletion",
            "DeleteKey",
            "UpdateKeyDescription");
    assertThat(test.audit().events()).extracting(AuditEvent::eventId).doesNotHaveDuplicates();
    assertThat(rawOutboxIds()).isEmpty();
  }

  private static String createKey(TestKms test) {
    return test.call(
            test.kms().createKey,
            new CreateKeyRequest(null, null, null, null, null, null, null, null, null, null, null))
        .keyMetadata()
        .keyId();
  }
}

package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.store.dynamodb.RaceHooks.TransactionFault;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A key or alias change and its audit record are one DynamoDB transaction: checked on the raw
 * items, for every kind of write, when DynamoDB refuses the transaction (a record over the item
 * size limit), when the request never reaches it, when it commits but the answer is lost, and when
 * a condition fails.
 */
class OutboxAtomicityTest extends LocalTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** A record DynamoDB cannot store: its item is over the 400 KB limit. */
  private static OutboxRecord tooBig() {
    return OutboxRecord.stored(auditRecord().id(), "x".repeat(410_000));
  }

  /** Every kind of write, each given the record it must commit with. */
  private record Write(String name, Consumer<OutboxRecord> write) {}

  private KmsKey key;
  private KmsKey other;

  private List<Write> writes() {
    key = store.create(KeyFixtures.fullKey(), auditRecord());
    other = store.create(enabledKey().build(), auditRecord());
    store.createAlias(alias("alias/existing", key.keyId()), auditRecord());
    store.pendingRecords(10).forEach(r -> store.removeRecord(r.id()));
    return List.of(
        new Write("create", r -> store.create(enabledKey().build(), r)),
        new Write(
            "update",
            r -> store.update(KeyFixtures.withNewVersion(key, NOW).toBuilder().build(), r)),
        new Write("delete", r -> store.delete(key.keyId(), key.revision(), r)),
        new Write("createAlias", r -> store.createAlias(alias("alias/new", key.keyId()), r)),
        new Write("updateAlias", r -> store.updateAlias(alias("alias/existing", other.keyId()), r)),
        new Write("deleteAlias", r -> store.deleteAlias("alias/existing", r)));
  }

  private Map<String, Object> snapshot() {
    return Map.of(
        "keys", store.listKeys(null, 100).items(),
        "key", rawSortKeys(key.keyId()),
        "meta", rawItem("KEY#" + key.keyId(), "META"),
        "other", rawSortKeys(other.keyId()),
        "alias", rawItem("ALIAS#alias/existing", "ALIAS"),
        "newAlias", rawItem("ALIAS#alias/new", "ALIAS").isPresent());
  }

  @Test
  void everyWrite_refusedByDynamoDbForItsRecord_storesNeitherChangeNorRecord() {
    for (Write write : writes()) {
      Map<String, Object> before = snapshot();

      assertThatThrownBy(() -> write.write().accept(tooBig()))
          .as(write.name())
          .isInstanceOf(StoreUnavailableException.class);

      assertThat(snapshot()).as(write.name()).isEqualTo(before);
      assertThat(rawOutboxIds()).as(write.name()).isEmpty();
    }
  }

  @Test
  void everyWrite_neverReachingDynamoDb_storesNeitherChangeNorRecord() {
    for (Write write : writes()) {
      Map<String, Object> before = snapshot();
      HOOKS.failNextTransaction(TransactionFault.NOT_SENT);

      assertThatThrownBy(() -> write.write().accept(auditRecord()))
          .as(write.name())
          .isInstanceOf(StoreUnavailableException.class);

      assertThat(snapshot()).as(write.name()).isEqualTo(before);
      assertThat(rawOutboxIds()).as(write.name()).isEmpty();
    }
  }

  @Test
  void everyWrite_committedButItsAnswerLost_isStoredWithItsRecord() {
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        LocalDynamoDb.deleteTable(CLIENT, tableName);
        tableName = LocalDynamoDb.newTable(CLIENT);
        store = new DynamoDbKeyStore(CLIENT, tableName);
      }
      Write write = writes().get(i);
      Map<String, Object> before = snapshot();
      OutboxRecord record = auditRecord();
      HOOKS.failNextTransaction(TransactionFault.ANSWER_LOST);

      assertThatThrownBy(() -> write.write().accept(record))
          .as(write.name())
          .isInstanceOf(StoreUnavailableException.class);

      assertThat(snapshot()).as(write.name() + " happened").isNotEqualTo(before);
      assertThat(store.pendingRecords(10)).as(write.name()).containsExactly(record);
    }
  }

  @Test
  void everyWrite_losingItsCondition_storesNoRecord() {
    writes();
    KmsKey stale = key;
    store.update(key.toBuilder().description("moved on").build(), auditRecord());
    store.pendingRecords(10).forEach(r -> store.removeRecord(r.id()));

    assertThatThrownBy(() -> store.create(other.toBuilder().revision(0).build(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.update(stale, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.delete(stale.keyId(), stale.revision(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () -> store.createAlias(alias("alias/existing", other.keyId()), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.updateAlias(alias("alias/ghost", other.keyId()), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.deleteAlias("alias/ghost", auditRecord())).isFalse();

    assertThat(rawOutboxIds()).isEmpty();
  }

  @Test
  void outboxItems_carryNoIndexAttributes_andDeletingAKeyLeavesTheOutboxAlone() {
    OutboxRecord created = auditRecord();
    KmsKey due = store.create(KeyFixtures.keyRotatingAt(NOW.minusSeconds(1)), created);
    OutboxRecord deleted = auditRecord();

    store.delete(due.keyId(), due.revision(), deleted);

    assertThat(rawOutboxIds()).containsExactly(created.id(), deleted.id());
    Map<String, AttributeValue> item = rawItem("OUTBOX", created.id()).orElseThrow();
    assertThat(item).containsOnlyKeys("pk", "sk", "record");
    assertThat(item.get("record").s()).isEqualTo(created.json());
    assertThat(store.findDue(NOW.plusSeconds(3600), 10)).isEmpty();
    assertThat(store.listKeys(null, 10).items()).isEmpty();
    assertThat(store.find(due.keyId())).isEmpty();
  }
}

package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * What each store call sends to DynamoDB: how many requests of which kind, and the conditions that
 * make its writes safe. The hot path ({@code find}) must stay one Query.
 */
class DynamoDbRequestsTest extends LocalTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String RETIRER = "arn:aws:iam::111122223333:role/retirer";

  @Test
  void find_isOneConsistentQuery_readingMetadataAndVersionsButNotAliasCopies() {
    KmsKey key =
        store.create(
            KeyFixtures.fullKey().toBuilder()
                .state(KeyState.ENABLED)
                .deletionDate(null)
                .pendingWindowInDays(null)
                .build(),
            KeyFixtures.auditRecord());
    store.createAlias(alias("alias/one", key.keyId()), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/two", key.keyId()), KeyFixtures.auditRecord());
    LOG.clear();
    long before = store.itemsRead();

    KmsKey found = store.find(key.keyId()).orElseThrow();

    assertThat(found).isEqualTo(key);
    assertThat(LOG.requests())
        .singleElement()
        .isInstanceOfSatisfying(
            QueryRequest.class,
            query -> {
              assertThat(query.consistentRead()).isTrue();
              assertThat(query.indexName()).isNull();
              assertThat(query.keyConditionExpression()).contains(">=");
            });
    assertThat(store.itemsRead() - before).isEqualTo(1 + 3); // metadata and three versions only
  }

  @Test
  void find_unknownKey_isOneQuery() {
    assertThat(store.find(enabledKey().build().keyId())).isEmpty();

    assertThat(LOG.kinds()).containsExactly("QueryRequest");
  }

  @Test
  void find_keyOverOneMegabyte_followsDynamoDbsPages() {
    KmsKey big = enabledKey().versions(bigVersions(12, 100_000)).build();
    store.create(big, KeyFixtures.auditRecord());
    LOG.clear();

    KmsKey found = store.find(big.keyId()).orElseThrow();

    assertThat(found.versions()).isEqualTo(big.versions());
    List<String> kinds = LOG.kinds();
    assertThat(kinds).hasSizeGreaterThan(1).containsOnly("QueryRequest");
    assertThat(((QueryRequest) LOG.requests().get(1)).exclusiveStartKey()).isNotEmpty();
  }

  @Test
  void create_isOneTransaction_ofMetadataOnlyIfAbsent_itsAuditRecord_andEveryVersion() {
    KmsKey key = KeyFixtures.fullKey();
    OutboxRecord record = KeyFixtures.auditRecord();

    store.create(key, record);

    // the store's first key write of the default region makes sure its counter exists: a table
    // written before counters gets its keys counted once (a COUNT query of the listing index)
    assertThat(LOG.kinds())
        .containsExactly(
            "GetItemRequest", "QueryRequest", "PutItemRequest", "TransactWriteItemsRequest");
    QueryRequest count = (QueryRequest) LOG.requests().get(1);
    assertThat(count.indexName()).isEqualTo("listing");
    assertThat(count.selectAsString()).isEqualTo("COUNT");
    TransactWriteItemsRequest tx = (TransactWriteItemsRequest) LOG.requests().get(3);
    assertThat(tx.transactItems()).hasSize(1 + 1 + 3 + 2);
    assertThat(tx.transactItems().get(0).put().conditionExpression())
        .isEqualTo("attribute_not_exists(#pk)");
    assertThat(tx.transactItems().get(0).put().item().get("sk").s()).isEqualTo("META");
    assertIsOutboxPut(tx.transactItems().get(1), record);
    assertThat(tx.transactItems().subList(2, 5))
        .extracting(item -> item.put().item().get("sk").s())
        .containsExactly("V#0000000001", "V#0000000002", "V#0000000003");
    // the region's counter (no quota given: no condition) and the key's activity item
    assertThat(tx.transactItems().get(5).update().key())
        .containsEntry("pk", AttributeValue.fromS("REGIONS"))
        .containsEntry("sk", AttributeValue.fromS("us-east-1"));
    assertThat(tx.transactItems().get(5).update().updateExpression()).isEqualTo("ADD #n :d");
    assertThat(tx.transactItems().get(5).update().conditionExpression()).isNull();
    assertThat(tx.transactItems().get(6).put().item())
        .containsEntry("sk", AttributeValue.fromS("ACTIVITY"))
        .containsEntry("grants", AttributeValue.fromN("0"));

    LOG.clear();
    store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord(), 10);
    TransactWriteItemsRequest second = onlyTransaction();
    assertThat(second.transactItems().get(5).update().conditionExpression())
        .isEqualTo("attribute_not_exists(#n) OR #n < :quota");
  }

  @Test
  void update_addingAVersion_readsTheMetadata_thenWritesItAndOnlyTheNewVersion() {
    KmsKey stored = store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord());
    LOG.clear();

    OutboxRecord record = KeyFixtures.auditRecord();
    store.update(KeyFixtures.withNewVersion(stored, NOW), record);

    assertThat(LOG.kinds()).containsExactly("GetItemRequest", "TransactWriteItemsRequest");
    List<TransactWriteItem> items =
        ((TransactWriteItemsRequest) LOG.requests().get(1)).transactItems();
    assertThat(items).hasSize(3);
    assertThat(items.get(0).put().conditionExpression()).isEqualTo("#revision = :expected");
    assertThat(items.get(0).put().expressionAttributeValues().get(":expected").n()).isEqualTo("1");
    assertThat(items.get(0).put().item().get("revision").n()).isEqualTo("2");
    assertIsOutboxPut(items.get(1), record);
    assertThat(items.get(2).put().item().get("sk").s()).isEqualTo("V#0000000004");
  }

  @Test
  void update_removingAllVersions_deletesTheVersionItemsInTheSameTransaction() {
    KmsKey stored = store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord());

    KmsKey emptied =
        store.update(stored.toBuilder().versions(List.of()).build(), KeyFixtures.auditRecord());

    assertThat(rawSortKeys(stored.keyId())).containsExactly("ACTIVITY", "META");
    assertThat(store.find(stored.keyId())).contains(emptied);
    KmsKey reimported =
        store.update(
            emptied.toBuilder().versions(List.of(KeyFixtures.version(1, NOW))).build(),
            KeyFixtures.auditRecord());
    assertThat(store.find(stored.keyId())).contains(reimported);
    assertThat(rawSortKeys(stored.keyId())).containsExactly("ACTIVITY", "META", "V#0000000001");
  }

  @Test
  void delete_isOneQueryAndOneTransaction_conditionalOnTheRevision() {
    KmsKey key = store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/gone", key.keyId()), KeyFixtures.auditRecord());
    LOG.clear();

    OutboxRecord record = KeyFixtures.auditRecord();
    store.delete(key.keyId(), 1, record);

    assertThat(LOG.kinds()).containsExactly("QueryRequest", "TransactWriteItemsRequest");
    List<TransactWriteItem> items =
        ((TransactWriteItemsRequest) LOG.requests().get(1)).transactItems();
    // metadata, record, alias and its copy, versions, the activity item and the region's counter
    assertThat(items).hasSize(1 + 1 + 2 + 3 + 2);
    assertThat(items.get(0).delete().conditionExpression()).isEqualTo("#revision = :expected");
    assertIsOutboxPut(items.get(1), record);
    assertThat(items.get(7).delete().key()).containsEntry("sk", AttributeValue.fromS("ACTIVITY"));
    assertThat(items.get(8).update().key()).containsEntry("pk", AttributeValue.fromS("REGIONS"));
    assertThat(items.get(8).update().expressionAttributeValues())
        .containsEntry(":d", AttributeValue.fromN("-1"));
    assertThat(rawSortKeys(key.keyId())).isEmpty();
    assertThat(rawItem("ALIAS#alias/gone", "ALIAS")).isEmpty();
  }

  @Test
  void delete_ofMoreThanOneHundredItems_chunks_metadataRecordAndAliasesFirst() {
    KmsKey key =
        store.create(
            enabledKey().versions(bigVersions(60, 100)).build(), KeyFixtures.auditRecord());
    for (int i = 0; i < 50; i++) {
      store.createAlias(alias("alias/a" + i, key.keyId()), KeyFixtures.auditRecord());
    }
    LOG.clear();

    OutboxRecord record = KeyFixtures.auditRecord();
    store.delete(key.keyId(), 1, record);

    assertThat(LOG.kinds())
        .containsExactly("QueryRequest", "TransactWriteItemsRequest", "TransactWriteItemsRequest");
    List<TransactWriteItem> first =
        ((TransactWriteItemsRequest) LOG.requests().get(1)).transactItems();
    assertThat(first).hasSize(100);
    assertThat(first.get(0).delete().key().get("sk").s()).isEqualTo("META");
    assertIsOutboxPut(first.get(1), record);
    assertThat(first.subList(2, 52))
        .allSatisfy(item -> assertThat(item.delete().key().get("sk").s()).isEqualTo("ALIAS"));
    assertThat(rawSortKeys(key.keyId())).isEmpty();
    assertThat(store.listAliases(null, null, 100).items()).isEmpty();
  }

  @Test
  void createGrant_isOneTransaction_keyMustExist_grantOnlyIfAbsent_copiesAndRecord() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    Grant grant = KeyFixtures.grant(key.keyId(), "arn:aws:iam::111122223333:user/alice", RETIRER);
    OutboxRecord record = KeyFixtures.auditRecord();
    LOG.clear();

    store.createGrant(grant, record);

    TransactWriteItemsRequest tx = onlyTransaction();
    assertThat(tx.transactItems()).hasSize(6);
    assertThat(tx.transactItems().get(0).conditionCheck().key().get("sk").s()).isEqualTo("META");
    assertThat(tx.transactItems().get(0).conditionCheck().conditionExpression())
        .isEqualTo("attribute_exists(#pk)");
    assertThat(tx.transactItems().get(1).put().conditionExpression())
        .isEqualTo("attribute_not_exists(#pk)");
    assertThat(tx.transactItems().subList(1, 4))
        .extracting(i -> i.put().item().get("pk").s() + " " + i.put().item().get("sk").s())
        .containsExactly(
            "KEY#" + key.keyId() + " GRANT#" + grant.grantId(),
            "KEY#"
                + key.keyId()
                + " GRANTEE#111122223333#arn:aws:iam::111122223333:user/alice#"
                + grant.grantId(),
            "RETIRING#" + RETIRER + " " + key.keyId() + "#" + grant.grantId());
    assertIsOutboxPut(tx.transactItems().get(4), record);
    // the key's grant count, kept for countGrants
    TransactWriteItem count = tx.transactItems().get(5);
    assertThat(count.update().key()).containsEntry("sk", AttributeValue.fromS("ACTIVITY"));
    assertThat(count.update().updateExpression()).isEqualTo("ADD #g :d");
    assertThat(count.update().conditionExpression()).isEqualTo("attribute_exists(#g)");
  }

  @Test
  void grantReads_areOneConsistentTableQueryOrGetItemEach_andFindNeverReadsGrants() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    Grant grant = KeyFixtures.grant(key.keyId(), "arn:aws:iam::111122223333:user/alice", RETIRER);
    store.createGrant(grant, KeyFixtures.auditRecord());
    for (int i = 0; i < 5; i++) {
      store.createGrant(
          KeyFixtures.grant(key.keyId(), "arn:aws:iam::222233334444:user/u" + i),
          KeyFixtures.auditRecord());
    }
    LOG.clear();
    long before = store.itemsRead();

    assertThat(store.find(key.keyId())).contains(key);
    assertThat(store.itemsRead() - before).isEqualTo(1 + key.versions().size());
    store.findGrant(key.keyId(), grant.grantId());
    store.findGrants(key.keyId(), "111122223333");
    store.listGrants(key.keyId(), null, null, 10);
    store.listGrants(key.keyId(), grant.grantee(), null, 10);
    store.listRetirableGrants(RETIRER, null, 10);
    assertThat(store.countGrants(key.keyId())).isEqualTo(6);

    assertThat(LOG.kinds())
        .containsExactly(
            "QueryRequest",
            "GetItemRequest",
            "QueryRequest",
            "QueryRequest",
            "QueryRequest",
            "QueryRequest",
            "GetItemRequest");
    assertThat(LOG.requests())
        .filteredOn(QueryRequest.class::isInstance)
        .allSatisfy(
            request -> {
              QueryRequest query = (QueryRequest) request;
              assertThat(query.consistentRead()).isTrue();
              assertThat(query.indexName()).isNull();
            });
    // countGrants is one GetItem of the key's counter, however many grants there are
    GetItemRequest count = (GetItemRequest) LOG.requests().get(6);
    assertThat(count.key()).containsEntry("sk", AttributeValue.fromS("ACTIVITY"));
    assertThat(count.consistentRead()).isTrue();
  }

  @Test
  void deleteGrant_isAGetItemAndOneTransaction_ofTheGrantItsCopiesAndRecord() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    Grant grant = KeyFixtures.grant(key.keyId(), "arn:aws:iam::111122223333:user/alice", RETIRER);
    store.createGrant(grant, KeyFixtures.auditRecord());
    OutboxRecord record = KeyFixtures.auditRecord();
    LOG.clear();

    assertThat(store.deleteGrant(key.keyId(), grant.grantId(), record)).isTrue();

    assertThat(LOG.kinds()).containsExactly("GetItemRequest", "TransactWriteItemsRequest");
    List<TransactWriteItem> items = transactionItems(1);
    assertThat(items).hasSize(5);
    assertThat(items.get(0).delete().conditionExpression()).isEqualTo("attribute_exists(#pk)");
    assertIsOutboxPut(items.get(3), record);
    assertThat(items.get(4).update().expressionAttributeValues())
        .containsEntry(":d", AttributeValue.fromN("-1"));
    assertThat(store.countGrants(key.keyId())).isZero();
    assertThat(rawSortKeys(key.keyId())).noneMatch(sk -> sk.startsWith("GRANT"));
    assertThat(store.listRetirableGrants(RETIRER, null, 10).items()).isEmpty();
  }

  @Test
  void delete_removesTheKeysGrants_theirCopies_andRetiringCopiesInOtherPartitions() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    for (int i = 0; i < 60; i++) {
      store.createGrant(
          KeyFixtures.grant(key.keyId(), "arn:aws:iam::111122223333:user/u" + i, RETIRER),
          KeyFixtures.auditRecord());
    }
    LOG.clear();

    store.delete(key.keyId(), 1, KeyFixtures.auditRecord());

    assertThat(LOG.kinds()).containsOnly("QueryRequest", "TransactWriteItemsRequest");
    assertThat(rawSortKeys(key.keyId())).isEmpty();
    assertThat(store.listRetirableGrants(RETIRER, null, 100).items()).isEmpty();
  }

  @Test
  void noCall_everScansTheTable() {
    KmsKey key =
        store.create(KeyFixtures.keyRotatingAt(NOW.minusSeconds(1)), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/x", key.keyId()), KeyFixtures.auditRecord());
    store.find(key.keyId());
    KmsKey updated =
        store.update(key.toBuilder().description("changed").build(), KeyFixtures.auditRecord());
    store.listKeys(null, 10);
    store.listAliases(null, null, 10);
    store.listAliases(key.keyId(), null, 10);
    store.countAliases(key.keyId());
    store.findDue(NOW, 10);
    store.updateAlias(alias("alias/x", key.keyId()), KeyFixtures.auditRecord());
    store.deleteAlias("alias/x", KeyFixtures.auditRecord());
    Grant grant = KeyFixtures.grant(key.keyId(), "arn:aws:iam::111122223333:user/a", RETIRER);
    store.createGrant(grant, KeyFixtures.auditRecord());
    store.findGrant(key.keyId(), grant.grantId());
    store.findGrants(key.keyId(), "111122223333");
    store.listGrants(key.keyId(), null, null, 10);
    store.listGrants(key.keyId(), grant.grantee(), null, 10);
    store.listRetirableGrants(RETIRER, null, 10);
    store.countGrants(key.keyId());
    store.deleteGrant(key.keyId(), grant.grantId(), KeyFixtures.auditRecord());
    store.delete(key.keyId(), updated.revision(), KeyFixtures.auditRecord());
    store.pendingRecords(100).forEach(r -> store.removeRecord(r.id()));

    assertThat(LOG.kinds()).isNotEmpty().doesNotContain("ScanRequest");
  }

  @Test
  void aliasWrites_areOneTransactionEach_withTheirAuditRecord() {
    KmsKey one = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey two = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    OutboxRecord created = KeyFixtures.auditRecord();
    OutboxRecord updated = KeyFixtures.auditRecord();
    OutboxRecord deleted = KeyFixtures.auditRecord();
    LOG.clear();

    store.createAlias(alias("alias/x", one.keyId()), created);
    store.updateAlias(alias("alias/x", two.keyId()), updated);
    store.deleteAlias("alias/x", deleted);

    assertThat(LOG.kinds())
        .containsExactly(
            "TransactWriteItemsRequest",
            "GetItemRequest",
            "TransactWriteItemsRequest",
            "GetItemRequest",
            "TransactWriteItemsRequest");
    assertThat(transactionItems(0)).hasSize(3).last().satisfies(i -> assertIsOutboxPut(i, created));
    assertThat(transactionItems(2)).hasSize(4).last().satisfies(i -> assertIsOutboxPut(i, updated));
    assertThat(transactionItems(4)).hasSize(3).last().satisfies(i -> assertIsOutboxPut(i, deleted));
  }

  @Test
  void outbox_isReadWithOneConsistentQueryOfItsPartition_andRemovedWithOneDeleteItem() {
    store.create(enabledKey().build(), KeyFixtures.auditRecord());
    OutboxRecord record = store.pendingRecords(10).get(0);
    LOG.clear();

    store.pendingRecords(10);
    store.removeRecord(record.id());

    assertThat(LOG.kinds()).containsExactly("QueryRequest", "DeleteItemRequest");
    QueryRequest query = (QueryRequest) LOG.requests().get(0);
    assertThat(query.consistentRead()).isTrue();
    assertThat(query.indexName()).isNull();
    assertThat(query.limit()).isEqualTo(10);
    assertThat(query.expressionAttributeValues().values())
        .extracting(v -> v.s())
        .containsExactly("OUTBOX");
    assertThat(store.pendingRecords(10)).isEmpty();
  }

  private List<TransactWriteItem> transactionItems(int request) {
    return ((TransactWriteItemsRequest) LOG.requests().get(request)).transactItems();
  }

  /** An unconditional put of the record into the outbox partition, with nothing for the indexes. */
  private static void assertIsOutboxPut(TransactWriteItem item, OutboxRecord record) {
    assertThat(item.put().conditionExpression()).isNull();
    assertThat(item.put().item())
        .containsOnlyKeys("pk", "sk", "record")
        .containsEntry("pk", AttributeValue.fromS("OUTBOX"))
        .containsEntry("sk", AttributeValue.fromS(record.id()))
        .containsEntry("record", AttributeValue.fromS(record.json()));
  }

  private TransactWriteItemsRequest onlyTransaction() {
    assertThat(LOG.kinds()).containsExactly("TransactWriteItemsRequest");
    return (TransactWriteItemsRequest) LOG.requests().get(0);
  }

  /** {@code count} versions of {@code bytes} bytes of wrapped material each. */
  private static List<KeyVersion> bigVersions(int count, int bytes) {
    List<KeyVersion> versions = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      byte[] material = new byte[bytes];
      ThreadLocalRandom.current().nextBytes(material);
      versions.add(
          new KeyVersion(
              n,
              KeyFixtures.materialId(),
              new WrappedKey(material),
              KeyFixtures.CREATED.plusSeconds(n),
              n == 1 ? null : RotationType.AUTOMATIC));
    }
    return versions;
  }
}

package dev.serverlesskms.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.serverlesskms.core.audit.OutboxRecord;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An audit record waiting in the outbox ({@code pk = OUTBOX, sk = <record id>}): put in the same
 * transaction as the change it records, deleted once the audit sink took it. It has no listing or
 * due attributes, so it is in neither index, and its partition is no key's, so no key query reads
 * it.
 */
final class OutboxItem {
  static final String RECORD = "record";

  String pk;
  String sk;
  String record;

  static final TableSchema<OutboxItem> SCHEMA =
      StaticTableSchema.builder(OutboxItem.class)
          .newItemSupplier(OutboxItem::new)
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.PARTITION_KEY)
                      .getter(i -> i.pk)
                      .setter((i, v) -> i.pk = v)
                      .tags(primaryPartitionKey()))
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.SORT_KEY)
                      .getter(i -> i.sk)
                      .setter((i, v) -> i.sk = v)
                      .tags(primarySortKey()))
          .addAttribute(
              String.class,
              a -> a.name(RECORD).getter(i -> i.record).setter((i, v) -> i.record = v))
          .build();

  static OutboxItem of(OutboxRecord record) {
    OutboxItem item = new OutboxItem();
    item.pk = ItemKeys.OUTBOX;
    item.sk = record.id();
    item.record = record.json();
    return item;
  }

  OutboxRecord toRecord() {
    return OutboxRecord.stored(sk, record);
  }
}

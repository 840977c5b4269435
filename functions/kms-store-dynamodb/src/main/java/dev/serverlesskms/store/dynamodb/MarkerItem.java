package dev.serverlesskms.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An item that only marks something by its key: a custom key store's name ({@code pk =
 * CUSTOM_KEY_STORE_NAMES, sk = <name>}, {@code storeId}: names are unique because this item is put
 * on create-once), or a key's membership in a custom key store ({@code pk = CKS_KEYS#<store id>, sk
 * = <key id>}: a store's keys are counted by one Query of its partition, never a scan). Outside the
 * default region both partitions are region-prefixed ({@link ItemKeys}).
 */
final class MarkerItem {
  String pk;
  String sk;
  String storeId;

  static final TableSchema<MarkerItem> SCHEMA =
      StaticTableSchema.builder(MarkerItem.class)
          .newItemSupplier(MarkerItem::new)
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
              a -> a.name("storeId").getter(i -> i.storeId).setter((i, v) -> i.storeId = v))
          .build();

  static MarkerItem name(ItemKeys keys, String name, String storeId) {
    MarkerItem item = new MarkerItem();
    item.pk = keys.customKeyStoreNames();
    item.sk = name;
    item.storeId = storeId;
    return item;
  }

  static MarkerItem member(ItemKeys keys, String storeId, String keyId) {
    MarkerItem item = new MarkerItem();
    item.pk = keys.customKeyStoreMembers(storeId);
    item.sk = keyId;
    return item;
  }
}

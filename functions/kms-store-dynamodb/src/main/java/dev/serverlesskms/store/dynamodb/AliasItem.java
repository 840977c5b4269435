package dev.serverlesskms.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An alias, stored twice with the same attributes and written together in one transaction:
 *
 * <ul>
 *   <li>the alias itself, {@code pk = ALIAS#<name>, sk = ALIAS}: what {@code findAlias} gets, and,
 *       through {@code listPk = ALIASES, listSk = <name>}, an entry of the listing index;
 *   <li>its copy in the target key's partition, {@code pk = KEY#<id>, sk = ALIAS#<name>}, without
 *       listing attributes: a key's aliases are counted, listed and deleted with consistent reads
 *       of that partition.
 * </ul>
 */
final class AliasItem {
  static final String NAME = "aliasName";
  static final String TARGET = "aliasTarget";
  static final String CREATED = "aliasCreated";
  static final String UPDATED = "aliasUpdated";

  String pk;
  String sk;
  String aliasName;
  String aliasTarget;
  Instant aliasCreated;
  Instant aliasUpdated;
  String listPk;
  String listSk;

  static final TableSchema<AliasItem> SCHEMA =
      StaticTableSchema.builder(AliasItem.class)
          .newItemSupplier(AliasItem::new)
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
              a -> a.name(NAME).getter(i -> i.aliasName).setter((i, v) -> i.aliasName = v))
          .addAttribute(
              String.class,
              a -> a.name(TARGET).getter(i -> i.aliasTarget).setter((i, v) -> i.aliasTarget = v))
          .addAttribute(
              Instant.class,
              a -> a.name(CREATED).getter(i -> i.aliasCreated).setter((i, v) -> i.aliasCreated = v))
          .addAttribute(
              Instant.class,
              a -> a.name(UPDATED).getter(i -> i.aliasUpdated).setter((i, v) -> i.aliasUpdated = v))
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.LISTING_PARTITION_KEY)
                      .getter(i -> i.listPk)
                      .setter((i, v) -> i.listPk = v)
                      .tags(secondaryPartitionKey(KeyTableDefinition.LISTING_INDEX)))
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.LISTING_SORT_KEY)
                      .getter(i -> i.listSk)
                      .setter((i, v) -> i.listSk = v)
                      .tags(secondarySortKey(KeyTableDefinition.LISTING_INDEX)))
          .build();

  /** The alias item proper, listed in the listing index. */
  static AliasItem of(ItemKeys keys, Alias alias) {
    AliasItem item = withAttributes(alias);
    item.pk = keys.aliasPartition(alias.aliasName());
    item.sk = ItemKeys.ALIAS;
    item.listPk = keys.aliasesListing();
    item.listSk = alias.aliasName();
    return item;
  }

  /** The copy kept in the target key's partition. */
  static AliasItem copyOf(ItemKeys keys, Alias alias) {
    AliasItem item = withAttributes(alias);
    item.pk = keys.keyPartition(alias.targetKeyId());
    item.sk = ItemKeys.aliasCopySortKey(alias.aliasName());
    return item;
  }

  Alias toAlias() {
    return new Alias(aliasName, new KeyId(aliasTarget), aliasCreated, aliasUpdated);
  }

  private static AliasItem withAttributes(Alias alias) {
    AliasItem item = new AliasItem();
    item.aliasName = alias.aliasName();
    item.aliasTarget = alias.targetKeyId().value();
    item.aliasCreated = alias.creationDate();
    item.aliasUpdated = alias.lastUpdatedDate();
    return item;
  }
}

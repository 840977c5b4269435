package dev.serverlesskms.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Instant;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One key version ({@code pk = KEY#<id>, sk = V#<number, 10 digits>}): the material as the enclave
 * wrapped it (bound to key id and number, so a swapped item fails to unwrap), its material id,
 * creation instant and rotation type (absent for version 1). Written once, never rewritten.
 */
final class VersionItem {
  String pk;
  String sk;
  Integer number;
  String materialId;
  SdkBytes material;
  Instant created;
  String rotationType;

  static final TableSchema<VersionItem> SCHEMA =
      StaticTableSchema.builder(VersionItem.class)
          .newItemSupplier(VersionItem::new)
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
              Integer.class,
              a -> a.name("number").getter(i -> i.number).setter((i, v) -> i.number = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("materialId").getter(i -> i.materialId).setter((i, v) -> i.materialId = v))
          .addAttribute(
              SdkBytes.class,
              a -> a.name("material").getter(i -> i.material).setter((i, v) -> i.material = v))
          .addAttribute(
              Instant.class,
              a -> a.name("created").getter(i -> i.created).setter((i, v) -> i.created = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("rotationType")
                      .getter(i -> i.rotationType)
                      .setter((i, v) -> i.rotationType = v))
          .build();
}

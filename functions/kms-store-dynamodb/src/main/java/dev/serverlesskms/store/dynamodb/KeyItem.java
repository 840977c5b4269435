package dev.serverlesskms.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The metadata item of a key ({@code pk = KEY#<id>, sk = META}): everything about the key except
 * its versions, plus the store's bookkeeping ({@code revision}, {@code versionCount}) and the index
 * attributes that put the key into the key listing and, while it has a due date, the due index.
 *
 * <p>A plain holder mapped by an explicit {@link StaticTableSchema} (getter and setter lambdas),
 * not a bean: the Enhanced Client needs no reflection for it, so a native image needs no
 * registration. Enums are stored by wire name; instants as ISO-8601 strings with nanoseconds.
 */
final class KeyItem {
  static final String REVISION = "revision";
  static final String VERSION_COUNT = "versionCount";
  static final String STATE = "state";

  String pk;
  String sk;
  Long revision;

  /** How many versions the key has: {@code find} reads exactly versions 1..versionCount. */
  Integer versionCount;

  String arn;
  Instant created;
  String description;
  String keySpec;
  String keyUsage;
  String origin;
  String state;
  Instant deletionDate;
  Integer pendingWindowDays;
  String policy;

  /** {@code AWS} or {@code CUSTOMER}; items written before AWS managed keys lack it: CUSTOMER. */
  String keyManager;

  String customKeyStoreId;

  /** In the order they were added: [{TagKey, TagValue}, ...]. */
  List<Map<String, String>> tags;

  Boolean rotationEnabled;
  Integer rotationPeriodDays;
  Instant nextRotation;
  Instant onDemandRotationStart;
  Integer onDemandRotations;
  String importedMaterialId;
  String importExpirationModel;
  Instant importValidTo;

  /**
   * A multi-Region key's configuration as this copy stores it (every copy stores all of it): {@code
   * PRIMARY} or {@code REPLICA}, the primary's region, the replicas' regions in the order they were
   * made. Absent for a single-Region key (and in every item written before multi-Region keys).
   */
  String multiRegionType;

  String primaryRegion;
  List<String> replicaRegions;
  String listPk;
  String listSk;

  /** Present only while the key has a due date (the due index is sparse). */
  String duePk;

  String dueSk;

  static final TableSchema<KeyItem> SCHEMA =
      StaticTableSchema.builder(KeyItem.class)
          .newItemSupplier(KeyItem::new)
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
              Long.class,
              a -> a.name(REVISION).getter(i -> i.revision).setter((i, v) -> i.revision = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name(VERSION_COUNT)
                      .getter(i -> i.versionCount)
                      .setter((i, v) -> i.versionCount = v))
          .addAttribute(
              String.class, a -> a.name("arn").getter(i -> i.arn).setter((i, v) -> i.arn = v))
          .addAttribute(
              Instant.class,
              a -> a.name("created").getter(i -> i.created).setter((i, v) -> i.created = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("description")
                      .getter(i -> i.description)
                      .setter((i, v) -> i.description = v))
          .addAttribute(
              String.class,
              a -> a.name("keySpec").getter(i -> i.keySpec).setter((i, v) -> i.keySpec = v))
          .addAttribute(
              String.class,
              a -> a.name("keyUsage").getter(i -> i.keyUsage).setter((i, v) -> i.keyUsage = v))
          .addAttribute(
              String.class,
              a -> a.name("origin").getter(i -> i.origin).setter((i, v) -> i.origin = v))
          .addAttribute(
              String.class, a -> a.name(STATE).getter(i -> i.state).setter((i, v) -> i.state = v))
          .addAttribute(
              Instant.class,
              a ->
                  a.name("deletionDate")
                      .getter(i -> i.deletionDate)
                      .setter((i, v) -> i.deletionDate = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name("pendingWindowDays")
                      .getter(i -> i.pendingWindowDays)
                      .setter((i, v) -> i.pendingWindowDays = v))
          .addAttribute(
              String.class,
              a -> a.name("policy").getter(i -> i.policy).setter((i, v) -> i.policy = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("keyManager").getter(i -> i.keyManager).setter((i, v) -> i.keyManager = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("customKeyStoreId")
                      .getter(i -> i.customKeyStoreId)
                      .setter((i, v) -> i.customKeyStoreId = v))
          .addAttribute(
              EnhancedType.listOf(EnhancedType.mapOf(String.class, String.class)),
              a -> a.name("tags").getter(i -> i.tags).setter((i, v) -> i.tags = v))
          .addAttribute(
              Boolean.class,
              a ->
                  a.name("rotationEnabled")
                      .getter(i -> i.rotationEnabled)
                      .setter((i, v) -> i.rotationEnabled = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name("rotationPeriodDays")
                      .getter(i -> i.rotationPeriodDays)
                      .setter((i, v) -> i.rotationPeriodDays = v))
          .addAttribute(
              Instant.class,
              a ->
                  a.name("nextRotation")
                      .getter(i -> i.nextRotation)
                      .setter((i, v) -> i.nextRotation = v))
          .addAttribute(
              Instant.class,
              a ->
                  a.name("onDemandRotationStart")
                      .getter(i -> i.onDemandRotationStart)
                      .setter((i, v) -> i.onDemandRotationStart = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name("onDemandRotations")
                      .getter(i -> i.onDemandRotations)
                      .setter((i, v) -> i.onDemandRotations = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("importedMaterialId")
                      .getter(i -> i.importedMaterialId)
                      .setter((i, v) -> i.importedMaterialId = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("importExpirationModel")
                      .getter(i -> i.importExpirationModel)
                      .setter((i, v) -> i.importExpirationModel = v))
          .addAttribute(
              Instant.class,
              a ->
                  a.name("importValidTo")
                      .getter(i -> i.importValidTo)
                      .setter((i, v) -> i.importValidTo = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("multiRegionType")
                      .getter(i -> i.multiRegionType)
                      .setter((i, v) -> i.multiRegionType = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("primaryRegion")
                      .getter(i -> i.primaryRegion)
                      .setter((i, v) -> i.primaryRegion = v))
          .addAttribute(
              EnhancedType.listOf(String.class),
              a ->
                  a.name("replicaRegions")
                      .getter(i -> i.replicaRegions)
                      .setter((i, v) -> i.replicaRegions = v))
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
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.DUE_PARTITION_KEY)
                      .getter(i -> i.duePk)
                      .setter((i, v) -> i.duePk = v)
                      .tags(secondaryPartitionKey(KeyTableDefinition.DUE_INDEX)))
          .addAttribute(
              String.class,
              a ->
                  a.name(KeyTableDefinition.DUE_SORT_KEY)
                      .getter(i -> i.dueSk)
                      .setter((i, v) -> i.dueSk = v)
                      .tags(secondarySortKey(KeyTableDefinition.DUE_INDEX)))
          .build();
}

package dev.serverlesskms.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.ConnectionState;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.CustomKeyStoreType;
import dev.serverlesskms.core.model.SealedPassword;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A custom key store ({@code pk = CUSTOM_KEY_STORES, sk = <store id>}, region-prefixed outside the
 * default region: {@link ItemKeys}): all of them in one partition (AWS allows 10 per account), so
 * listing them is one Query. Besides the store it holds {@code revision} (optimistic locking) and
 * {@code keyEpoch}, which every creation or deletion of a key in the store changes in the key's own
 * transaction, so that deleting the store on the key count it read fails if a key came or went
 * meanwhile. The sealed password is stored as base64.
 */
final class CustomKeyStoreItem {
  static final String KEY_EPOCH = "keyEpoch";

  String pk;
  String sk;
  String name;
  String type;
  String clusterId;
  String trustAnchor;
  String password;
  String connectionState;
  String connectionErrorCode;
  Instant creationDate;
  Long revision;
  String keyEpoch;

  static final TableSchema<CustomKeyStoreItem> SCHEMA =
      StaticTableSchema.builder(CustomKeyStoreItem.class)
          .newItemSupplier(CustomKeyStoreItem::new)
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
              String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
          .addAttribute(
              String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(
              String.class,
              a -> a.name("clusterId").getter(i -> i.clusterId).setter((i, v) -> i.clusterId = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("trustAnchor")
                      .getter(i -> i.trustAnchor)
                      .setter((i, v) -> i.trustAnchor = v))
          .addAttribute(
              String.class,
              a -> a.name("password").getter(i -> i.password).setter((i, v) -> i.password = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("connectionState")
                      .getter(i -> i.connectionState)
                      .setter((i, v) -> i.connectionState = v))
          .addAttribute(
              String.class,
              a ->
                  a.name("connectionErrorCode")
                      .getter(i -> i.connectionErrorCode)
                      .setter((i, v) -> i.connectionErrorCode = v))
          .addAttribute(
              Instant.class,
              a ->
                  a.name("creationDate")
                      .getter(i -> i.creationDate)
                      .setter((i, v) -> i.creationDate = v))
          .addAttribute(
              Long.class,
              a ->
                  a.name(KeyItem.REVISION).getter(i -> i.revision).setter((i, v) -> i.revision = v))
          .addAttribute(
              String.class,
              a -> a.name(KEY_EPOCH).getter(i -> i.keyEpoch).setter((i, v) -> i.keyEpoch = v))
          .build();

  static CustomKeyStoreItem of(ItemKeys keys, CustomKeyStore s, String keyEpoch) {
    CustomKeyStoreItem item = new CustomKeyStoreItem();
    item.pk = keys.customKeyStores();
    item.sk = s.id();
    item.name = s.name();
    item.type = s.type().name();
    item.clusterId = s.cloudHsmClusterId();
    item.trustAnchor = s.trustAnchorCertificate();
    item.password = Base64.getEncoder().encodeToString(s.password().bytes());
    item.connectionState = s.connectionState().name();
    item.connectionErrorCode =
        s.connectionErrorCode() == null ? null : s.connectionErrorCode().name();
    item.creationDate = s.creationDate();
    item.revision = s.revision();
    item.keyEpoch = keyEpoch;
    return item;
  }

  /** Only the key epoch, for an update that leaves every other attribute as it is. */
  static CustomKeyStoreItem epoch(ItemKeys keys, String customKeyStoreId, String keyEpoch) {
    CustomKeyStoreItem item = new CustomKeyStoreItem();
    item.pk = keys.customKeyStores();
    item.sk = customKeyStoreId;
    item.keyEpoch = keyEpoch;
    return item;
  }

  CustomKeyStore toCustomKeyStore(long keyCount) {
    return new CustomKeyStore(
        sk,
        name,
        CustomKeyStoreType.valueOf(type),
        clusterId,
        trustAnchor,
        new SealedPassword(Base64.getDecoder().decode(password)),
        ConnectionState.valueOf(connectionState),
        connectionErrorCode == null ? null : ConnectionErrorCode.valueOf(connectionErrorCode),
        creationDate,
        keyCount,
        revision);
  }
}

package dev.serverlesskms.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turning one query's items into a key, including the reads a concurrent commit tears (DynamoDB
 * Local commits too atomically to show them, so they are made up here from real item maps).
 */
class KeyPartitionTest {
  private static final KmsKey KEY = KeyFixtures.fullKey().toBuilder().revision(4).build();
  private static final ItemKeys KEYS = ItemKeys.defaultRegion("us-east-1");

  @Test
  void wholePartition_isTheKey_aliasCopiesAside() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    items.add(
        AliasItem.SCHEMA.itemToMap(
            AliasItem.copyOf(KEYS, KeyFixtures.alias("alias/a", KEY.keyId())), true));
    items.addAll(itemsOf(KEY));

    KeyPartition partition = KeyPartition.of(items);

    assertThat(partition.key()).contains(KEY);
    assertThat(partition.aliasCopies())
        .extracting(copy -> copy.aliasName)
        .containsExactly("alias/a");
  }

  @Test
  void newMetadataWithoutItsNewVersion_isATornRead_notAKey() {
    KmsKey rotated = KeyFixtures.withNewVersion(KEY, Instant.parse("2026-06-01T12:00:00Z"));
    List<Map<String, AttributeValue>> items = itemsOf(rotated);
    items.remove(items.size() - 1); // the commit's version item not yet visible

    KeyPartition partition = KeyPartition.of(items);

    assertThat(partition.exists()).isTrue();
    assertThat(partition.key()).isEmpty();
  }

  @Test
  void versionsBeyondTheMetadataCount_areIgnored() {
    KmsKey rotated = KeyFixtures.withNewVersion(KEY, Instant.parse("2026-06-01T12:00:00Z"));
    List<Map<String, AttributeValue>> items = itemsOf(KEY);
    items.add(
        VersionItem.SCHEMA.itemToMap(
            KeyItemMapper.toItem(KEYS, KEY.keyId(), rotated.versions().get(3)), true));

    assertThat(KeyPartition.of(items).key()).contains(KEY);
  }

  @Test
  void noMetadata_isNoKey_evenWithVersionsLeftOver() {
    List<Map<String, AttributeValue>> items = itemsOf(KEY);
    items.remove(0);

    KeyPartition partition = KeyPartition.of(items);

    assertThat(partition.exists()).isFalse();
    assertThat(partition.key()).isEmpty();
  }

  @Test
  void unreadableMetadata_isStoreUnavailable() {
    List<Map<String, AttributeValue>> items = itemsOf(KEY);
    Map<String, AttributeValue> meta = new HashMap<>(items.get(0));
    meta.put("state", AttributeValue.fromS("Exploded"));
    items.set(0, meta);

    assertThatThrownBy(() -> KeyPartition.of(items).key())
        .isInstanceOf(StoreUnavailableException.class);
  }

  private static List<Map<String, AttributeValue>> itemsOf(KmsKey key) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    items.add(KeyItem.SCHEMA.itemToMap(KeyItemMapper.toItem(KEYS, key), true));
    key.versions()
        .forEach(
            v ->
                items.add(
                    VersionItem.SCHEMA.itemToMap(
                        KeyItemMapper.toItem(KEYS, key.keyId(), v), true)));
    return items;
  }
}

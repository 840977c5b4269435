package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.KmsKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of one key's partition as one Query returned them, sorted out by sort key: the metadata
 * item, the version items, the alias copies, the grants and their grantee copies.
 *
 * <p>One Query is not a snapshot: DynamoDB reads the items of a partition read-committed, one by
 * one, so a query running while a transaction commits may see the new metadata item (with its new
 * {@code versionCount}) but not yet the new version item. {@link #key()} notices (a version below
 * {@code versionCount} is missing) and answers empty, and the caller queries again. Version items
 * above {@code versionCount} (the query saw a version whose metadata was not yet visible, or left
 * over from an interrupted chunked delete) are ignored: the metadata item decides what the key is.
 */
final class KeyPartition {
  private final KeyItem meta;
  private final List<VersionItem> versions;
  private final List<AliasItem> aliasCopies;
  private final List<GrantItem> grants;
  private final List<GrantItem> granteeCopies;

  private KeyPartition(
      KeyItem meta,
      List<VersionItem> versions,
      List<AliasItem> aliasCopies,
      List<GrantItem> grants,
      List<GrantItem> granteeCopies) {
    this.meta = meta;
    this.versions = versions;
    this.aliasCopies = aliasCopies;
    this.grants = grants;
    this.granteeCopies = granteeCopies;
  }

  /** Sorts raw items (as returned, in sort key order) into their kinds. */
  static KeyPartition of(List<Map<String, AttributeValue>> items) {
    KeyItem meta = null;
    List<VersionItem> versions = new ArrayList<>();
    List<AliasItem> aliasCopies = new ArrayList<>();
    List<GrantItem> grants = new ArrayList<>();
    List<GrantItem> granteeCopies = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      String sortKey = item.get(KeyTableDefinition.SORT_KEY).s();
      if (ItemKeys.META.equals(sortKey)) {
        meta = KeyItem.SCHEMA.mapToItem(item);
      } else if (sortKey.startsWith(ItemKeys.VERSION_PREFIX)) {
        versions.add(VersionItem.SCHEMA.mapToItem(item));
      } else if (sortKey.startsWith(ItemKeys.ALIAS_PREFIX)) {
        aliasCopies.add(AliasItem.SCHEMA.mapToItem(item));
      } else if (sortKey.startsWith(ItemKeys.GRANT_PREFIX)) {
        grants.add(GrantItem.SCHEMA.mapToItem(item));
      } else if (sortKey.startsWith(ItemKeys.GRANTEE_PREFIX)) {
        granteeCopies.add(GrantItem.SCHEMA.mapToItem(item));
      }
    }
    return new KeyPartition(meta, versions, aliasCopies, grants, granteeCopies);
  }

  boolean exists() {
    return meta != null;
  }

  KeyItem meta() {
    return meta;
  }

  /** Every version item found, including any above {@code versionCount}. */
  List<VersionItem> versionItems() {
    return versions;
  }

  List<AliasItem> aliasCopies() {
    return aliasCopies;
  }

  /** The grant items (not their copies). */
  List<GrantItem> grants() {
    return grants;
  }

  /** The grantee copies of the key's grants. */
  List<GrantItem> granteeCopies() {
    return granteeCopies;
  }

  /**
   * The key, or empty if the partition has no metadata item or the read was torn (see the class
   * comment): check {@link #exists()} to tell the two apart.
   */
  Optional<KmsKey> key() {
    if (meta == null) {
      return Optional.empty();
    }
    int count = meta.versionCount == null ? 0 : meta.versionCount;
    List<VersionItem> current = new ArrayList<>(count);
    for (VersionItem version : versions) {
      if (version.number != null
          && version.number == current.size() + 1
          && current.size() < count) {
        current.add(version);
      }
    }
    if (current.size() < count) {
      return Optional.empty();
    }
    return Optional.of(KeyItemMapper.toKey(meta, current));
  }
}

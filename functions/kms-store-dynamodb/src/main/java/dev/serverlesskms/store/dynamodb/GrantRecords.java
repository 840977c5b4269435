package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/**
 * Grants ({@link GrantItem}: the grant, its grantee copy, its retiring copy). Each write is one
 * TransactWriteItems with every copy and the audit record ({@link OutboxRecords}), so the copies
 * never disagree and no change lacks its record.
 *
 * <p>Cost, in DynamoDB requests: create one TransactWriteItems (a condition check that the key's
 * metadata item exists, the grant on {@code attribute_not_exists}, its copies, the record); find
 * one GetItem; findGrants, listings and count one Query each (more pages only past 1 MB: a Query
 * reads at most 1 MB, about 2,000 grants); delete one GetItem (which copies to remove) and one
 * TransactWriteItems.
 */
final class GrantRecords {
  private static final String GRANTS = "grants";
  private static final String RETIRABLE = "retirable";

  private final KeyTable table;
  private final OutboxRecords outbox;

  GrantRecords(KeyTable table, OutboxRecords outbox) {
    this.table = table;
    this.outbox = outbox;
  }

  void create(Grant grant, OutboxRecord record) {
    TransactWriteItemsEnhancedRequest.Builder tx =
        TransactWriteItemsEnhancedRequest.builder()
            .addConditionCheck(
                table.keys,
                ConditionCheck.builder()
                    .key(ItemKeys.meta(grant.keyId()))
                    .conditionExpression(Conditions.present())
                    .build())
            .addPutItem(
                table.grants,
                TransactPutItemEnhancedRequest.builder(GrantItem.class)
                    .item(GrantItem.of(grant))
                    .conditionExpression(Conditions.absent())
                    .build())
            .addPutItem(table.grants, GrantItem.granteeCopyOf(grant));
    if (grant.retiree() != null) {
      tx.addPutItem(table.grants, GrantItem.retiringCopyOf(grant));
    }
    outbox.addTo(tx, record);
    table.transact(tx.build());
  }

  /** One strongly consistent GetItem. */
  Optional<Grant> find(KeyId keyId, String grantId) {
    return table.get(table.grants, ItemKeys.grant(keyId, grantId)).map(GrantItem::toGrant);
  }

  /** One Query of the grantee copies of one scope in the key's partition. */
  List<Grant> findByScope(KeyId keyId, String scope) {
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.sortBeginsWith(
                    key(ItemKeys.keyPartition(keyId), ItemKeys.granteeScopePrefix(scope))));
    return table.query(table.grants, request, Integer.MAX_VALUE).stream()
        .map(GrantItem::toGrant)
        .toList();
  }

  /** A key's grants by id (the grant items), or one grantee's (its grantee copies). */
  Page<Grant> list(KeyId keyId, String grantee, String cursor, int limit) {
    Listings.requirePageSize(limit);
    String partition = ItemKeys.keyPartition(keyId);
    String listing = GRANTS + ":" + keyId.value() + (grantee == null ? "" : ":" + grantee);
    String prefix = grantee == null ? ItemKeys.GRANT_PREFIX : ItemKeys.granteePrefix(grantee);
    String after = cursor == null ? null : PageCursor.decode(listing, cursor);
    if (after != null && !Grant.isWellFormedId(after)) {
      throw new IllegalArgumentException("not a cursor of this store's " + listing + " listing");
    }
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(QueryConditional.sortBeginsWith(key(partition, prefix)));
    if (after != null) {
      request.exclusiveStartKey(key(partition, prefix + after).primaryKeyMap(GrantItem.SCHEMA));
    }
    List<GrantItem> items = table.query(table.grants, request, limit + 1);
    return Listings.page(items, limit, listing, item -> item.grantId, GrantItem::toGrant);
  }

  /** One Query of the retiring principal's partition, by key id and grant id. */
  Page<Grant> retirable(String retiree, String cursor, int limit) {
    Listings.requirePageSize(limit);
    String partition = ItemKeys.retiringPartition(retiree);
    String listing = RETIRABLE + ":" + retiree;
    String after = cursor == null ? null : PageCursor.decode(listing, cursor);
    if (after != null && !isRetiringCopySortKey(after)) {
      throw new IllegalArgumentException("not a cursor of this store's " + listing + " listing");
    }
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.keyEqualTo(Key.builder().partitionValue(partition).build()));
    if (after != null) {
      request.exclusiveStartKey(key(partition, after).primaryKeyMap(GrantItem.SCHEMA));
    }
    List<GrantItem> items = table.query(table.grants, request, limit + 1);
    return Listings.page(items, limit, listing, item -> item.sk, GrantItem::toGrant);
  }

  /**
   * Reads the grant (which copies to remove), then deletes it, on the condition that it is still
   * there, with its copies and the record.
   *
   * @return false if there was no such grant, or another request deleted it first
   */
  boolean delete(KeyId keyId, String grantId, OutboxRecord record) {
    Optional<Grant> current = find(keyId, grantId);
    if (current.isEmpty()) {
      return false;
    }
    Grant grant = current.get();
    TransactWriteItemsEnhancedRequest.Builder tx =
        TransactWriteItemsEnhancedRequest.builder()
            .addDeleteItem(
                table.grants,
                TransactDeleteItemEnhancedRequest.builder()
                    .key(ItemKeys.grant(keyId, grantId))
                    .conditionExpression(Conditions.present())
                    .build());
    addCopyDeletes(tx, grant);
    outbox.addTo(tx, record);
    try {
      table.transact(tx.build());
      return true;
    } catch (SdkException e) {
      RuntimeException translated = StoreErrors.translate(e, "delete grant " + grantId);
      if (translated instanceof StoreConflictException && find(keyId, grantId).isEmpty()) {
        return false;
      }
      throw translated;
    }
  }

  /** One Query counting the grant items of the key ({@code Select COUNT}: no item is returned). */
  int count(KeyId keyId) {
    return table.count(
        table.grants,
        QueryConditional.sortBeginsWith(key(ItemKeys.keyPartition(keyId), ItemKeys.GRANT_PREFIX)));
  }

  /** Deletes of a grant's grantee and retiring copies, added to a transaction. */
  void addCopyDeletes(TransactWriteItemsEnhancedRequest.Builder tx, Grant grant) {
    tx.addDeleteItem(
        table.grants,
        key(ItemKeys.keyPartition(grant.keyId()), ItemKeys.granteeCopySortKey(grant)));
    if (grant.retiree() != null) {
      tx.addDeleteItem(
          table.grants,
          key(
              ItemKeys.retiringPartition(grant.retiree()),
              ItemKeys.retiringCopySortKey(grant.keyId(), grant.grantId())));
    }
  }

  private static boolean isRetiringCopySortKey(String sortKey) {
    int hash = sortKey.indexOf('#');
    return hash > 0
        && KeyId.isWellFormed(sortKey.substring(0, hash))
        && Grant.isWellFormedId(sortKey.substring(hash + 1));
  }

  private static Key key(String partition, String sort) {
    return ItemKeys.key(partition, sort);
  }
}

package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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

  /** Attempts of a grant write cancelled only by concurrent transactions on the key. */
  private static final int ATTEMPTS = 5;

  private final KeyTable table;
  private final ItemKeys keys;
  private final OutboxRecords outbox;
  private final ActivityRecords activity;

  GrantRecords(KeyTable table, ItemKeys keys, OutboxRecords outbox, ActivityRecords activity) {
    this.table = table;
    this.keys = keys;
    this.outbox = outbox;
    this.activity = activity;
  }

  /**
   * One transaction: a condition check that the key's metadata item exists, the grant (create
   * once), its copies, the record and the key's grant count plus one.
   */
  void create(Grant grant, OutboxRecord record) {
    TransactWriteItemsEnhancedRequest.Builder tx =
        TransactWriteItemsEnhancedRequest.builder()
            .addConditionCheck(
                table.keys,
                ConditionCheck.builder()
                    .key(keys.meta(grant.keyId()))
                    .conditionExpression(Conditions.present())
                    .build())
            .addPutItem(
                table.grants,
                TransactPutItemEnhancedRequest.builder(GrantItem.class)
                    .item(GrantItem.of(keys, grant))
                    .conditionExpression(Conditions.absent())
                    .build())
            .addPutItem(table.grants, GrantItem.granteeCopyOf(keys, grant));
    if (grant.retiree() != null) {
      tx.addPutItem(table.grants, GrantItem.retiringCopyOf(keys, grant));
    }
    outbox.addTo(tx, record);
    List<TransactWriteItem> items = new ArrayList<>(tx.build().transactWriteItems());
    items.add(activity.addGrants(grant.keyId(), 1));
    writeCounting(grant.keyId(), items);
  }

  /**
   * Sends a grant transaction whose last item changes the key's grant count. A key created before
   * grant counts has no activity item: it is made (counting the grants) and the transaction sent
   * again; so is a transaction cancelled only by concurrent ones on the key.
   */
  private void writeCounting(KeyId keyId, List<TransactWriteItem> items) {
    int counter = items.size() - 1;
    for (int attempt = 1; ; attempt++) {
      try {
        table.transact(items);
        return;
      } catch (TransactionCanceledException e) {
        List<String> reasons = StoreErrors.reasonCodes(e);
        boolean onlyCounter =
            reasons.size() == items.size()
                && StoreErrors.CONDITION_FAILED.equals(reasons.get(counter))
                && reasons.subList(0, counter).stream()
                    .allMatch(code -> code == null || "None".equals(code));
        boolean retry =
            onlyCounter
                ? activity.createForLegacyKey(keyId, () -> count(keyId))
                : StoreErrors.onlyConflicts(reasons);
        if (!retry || attempt == ATTEMPTS) {
          throw e;
        }
        if (!onlyCounter) {
          StoreErrors.pause(attempt);
        }
      }
    }
  }

  /** One strongly consistent GetItem. */
  Optional<Grant> find(KeyId keyId, String grantId) {
    return table.get(table.grants, keys.grant(keyId, grantId)).map(GrantItem::toGrant);
  }

  /** One Query of the grantee copies of one scope in the key's partition. */
  List<Grant> findByScope(KeyId keyId, String scope) {
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.sortBeginsWith(
                    key(keys.keyPartition(keyId), ItemKeys.granteeScopePrefix(scope))));
    return table.query(table.grants, request, Integer.MAX_VALUE).stream()
        .map(GrantItem::toGrant)
        .toList();
  }

  /** A key's grants by id (the grant items), or one grantee's (its grantee copies). */
  Page<Grant> list(KeyId keyId, String grantee, String cursor, int limit) {
    Listings.requirePageSize(limit);
    String partition = keys.keyPartition(keyId);
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
    String partition = keys.retiringPartition(retiree);
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
                    .key(keys.grant(keyId, grantId))
                    .conditionExpression(Conditions.present())
                    .build());
    addCopyDeletes(tx, grant);
    outbox.addTo(tx, record);
    List<TransactWriteItem> items = new ArrayList<>(tx.build().transactWriteItems());
    items.add(activity.addGrants(keyId, -1));
    try {
      writeCounting(keyId, items);
      return true;
    } catch (SdkException e) {
      RuntimeException translated = StoreErrors.translate(e, "delete grant " + grantId);
      if (translated instanceof StoreConflictException && find(keyId, grantId).isEmpty()) {
        return false;
      }
      throw translated;
    }
  }

  /**
   * The key's grant count from its activity item (one GetItem); for a key created before grant
   * counts, {@link #count}.
   */
  int countFast(KeyId keyId) {
    return activity.grants(keyId).orElseGet(() -> count(keyId));
  }

  /** One Query counting the grant items of the key ({@code Select COUNT}: no item is returned). */
  int count(KeyId keyId) {
    return table.count(
        table.grants,
        QueryConditional.sortBeginsWith(key(keys.keyPartition(keyId), ItemKeys.GRANT_PREFIX)));
  }

  /** Deletes of a grant's grantee and retiring copies, added to a transaction. */
  void addCopyDeletes(TransactWriteItemsEnhancedRequest.Builder tx, Grant grant) {
    tx.addDeleteItem(
        table.grants, key(keys.keyPartition(grant.keyId()), ItemKeys.granteeCopySortKey(grant)));
    if (grant.retiree() != null) {
      tx.addDeleteItem(
          table.grants,
          key(
              keys.retiringPartition(grant.retiree()),
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

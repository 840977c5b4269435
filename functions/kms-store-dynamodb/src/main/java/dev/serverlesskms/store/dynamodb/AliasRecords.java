package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/**
 * Aliases: each change writes the alias item, its copy in the target key's partition (see {@link
 * AliasItem}) and the audit record of the change ({@link OutboxRecords}) in one transaction,
 * conditioned on the alias item, so the two copies never disagree and no change lacks its record.
 *
 * <p>Retargeting and deleting first read the alias (to know which key's copy to move or remove),
 * then write on the condition that it still points where it did. If someone moved it in between,
 * the write is cancelled and made again from a fresh read, a few times at most.
 */
final class AliasRecords {
  private static final int ATTEMPTS = 5;

  private final KeyTable table;
  private final ItemKeys keys;
  private final OutboxRecords outbox;

  AliasRecords(KeyTable table, ItemKeys keys, OutboxRecords outbox) {
    this.table = table;
    this.keys = keys;
    this.outbox = outbox;
  }

  void create(Alias alias, OutboxRecord record) {
    TransactWriteItemsEnhancedRequest.Builder tx =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                table.aliases,
                TransactPutItemEnhancedRequest.builder(AliasItem.class)
                    .item(AliasItem.of(keys, alias))
                    .conditionExpression(Conditions.absent())
                    .build())
            .addPutItem(table.aliases, AliasItem.copyOf(keys, alias));
    outbox.addTo(tx, record);
    table.transact(tx.build());
  }

  /** One strongly consistent GetItem of the alias item. */
  Optional<Alias> find(String aliasName) {
    return table.get(table.aliases, keys.alias(aliasName)).map(AliasItem::toAlias);
  }

  void update(Alias alias, OutboxRecord record) {
    for (int attempt = 1; ; attempt++) {
      Alias current =
          find(alias.aliasName())
              .orElseThrow(
                  () ->
                      new StoreConflictException("alias " + alias.aliasName() + " does not exist"));
      TransactWriteItemsEnhancedRequest.Builder tx =
          TransactWriteItemsEnhancedRequest.builder()
              .addPutItem(
                  table.aliases,
                  TransactPutItemEnhancedRequest.builder(AliasItem.class)
                      .item(AliasItem.of(keys, alias))
                      .conditionExpression(Conditions.aliasTargets(current.targetKeyId()))
                      .build());
      if (!current.targetKeyId().equals(alias.targetKeyId())) {
        tx.addDeleteItem(table.aliases, keys.aliasCopy(current.targetKeyId(), alias.aliasName()));
      }
      tx.addPutItem(table.aliases, AliasItem.copyOf(keys, alias));
      outbox.addTo(tx, record);
      if (writeUnlessMoved(tx, attempt)) {
        return;
      }
    }
  }

  boolean delete(String aliasName, OutboxRecord record) {
    for (int attempt = 1; ; attempt++) {
      Optional<Alias> current = find(aliasName);
      if (current.isEmpty()) {
        return false;
      }
      KeyId target = current.get().targetKeyId();
      TransactWriteItemsEnhancedRequest.Builder tx =
          TransactWriteItemsEnhancedRequest.builder()
              .addDeleteItem(
                  table.aliases,
                  TransactDeleteItemEnhancedRequest.builder()
                      .key(keys.alias(aliasName))
                      .conditionExpression(Conditions.aliasTargets(target))
                      .build())
              .addDeleteItem(table.aliases, keys.aliasCopy(target, aliasName));
      outbox.addTo(tx, record);
      if (writeUnlessMoved(tx, attempt)) {
        return true;
      }
    }
  }

  /** Counts the alias copies in the key's partition (a strongly consistent query). */
  int count(KeyId targetKeyId) {
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(QueryConditional.sortBeginsWith(keys.aliasCopy(targetKeyId, "")))
            .attributesToProject(KeyTableDefinition.PARTITION_KEY, KeyTableDefinition.SORT_KEY);
    return table.query(table.aliases, request, Integer.MAX_VALUE).size();
  }

  /**
   * @return whether the write went through; false if the alias moved since it was read (retry)
   * @throws StoreConflictException once the attempts are used up
   */
  private boolean writeUnlessMoved(TransactWriteItemsEnhancedRequest.Builder tx, int attempt) {
    try {
      table.transact(tx.build());
      return true;
    } catch (SdkException e) {
      RuntimeException translated = StoreErrors.translate(e, "alias write");
      if (translated instanceof StoreConflictException && attempt < ATTEMPTS) {
        return false;
      }
      throw translated;
    }
  }
}

package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/**
 * The outbox of audit records: each key or alias write adds its record to its own transaction
 * ({@link #addTo}); the relay reads pending records (one strongly consistent Query of the {@code
 * OUTBOX} partition, oldest id first) and deletes each once delivered (one DeleteItem).
 *
 * <p>One partition holds every pending record. It takes one put and one delete per change of a key
 * or alias (control-plane requests and scheduled actions, which AWS KMS itself limits to a few per
 * second and account), well below the 1,000 writes per second a partition takes, and stays small:
 * records leave it as soon as the sink takes them.
 */
final class OutboxRecords {
  private final KeyTable table;

  OutboxRecords(KeyTable table) {
    this.table = table;
  }

  /** Puts {@code record} in the transaction of the change it records. */
  void addTo(TransactWriteItemsEnhancedRequest.Builder tx, OutboxRecord record) {
    tx.addPutItem(table.outbox, OutboxItem.of(record));
  }

  List<OutboxRecord> pending(int limit) {
    if (limit < 1 || limit > Listings.MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "limit must be 1.." + Listings.MAX_PAGE_SIZE + ", got " + limit);
    }
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.keyEqualTo(Key.builder().partitionValue(ItemKeys.OUTBOX).build()));
    return table.query(table.outbox, request, limit).stream().map(OutboxItem::toRecord).toList();
  }

  void remove(String recordId) {
    table.outbox.deleteItem(ItemKeys.outbox(recordId));
  }
}

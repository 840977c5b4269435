package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes many keys fast for scale tests: BatchWriteItem (25 items a request, a few requests at a
 * time) of exactly the items {@link DynamoDbKeyStore#create} writes, made by the same mapping, at
 * revision 1. Not transactional and not conditional: for filling a fresh table only. Published in
 * this module's test-jar for other modules' scale tests.
 */
public final class BulkLoader {
  private static final int BATCH = 25;
  private static final int PARALLEL_REQUESTS = 4;

  private BulkLoader() {}

  public static void load(DynamoDbClient client, String tableName, List<KmsKey> keys) {
    List<WriteRequest> pending = new ArrayList<>();
    for (KmsKey key : keys) {
      KmsKey stored = key.toBuilder().revision(1).build();
      pending.add(
          put(
              KeyItem.SCHEMA.itemToMap(
                  KeyItemMapper.toItem(ItemKeys.defaultRegion("us-east-1"), stored), true)));
      for (KeyVersion version : stored.versions()) {
        pending.add(
            put(
                VersionItem.SCHEMA.itemToMap(
                    KeyItemMapper.toItem(
                        ItemKeys.defaultRegion("us-east-1"), stored.keyId(), version),
                    true)));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
    try {
      List<Future<?>> batches = new ArrayList<>();
      for (int from = 0; from < pending.size(); from += BATCH) {
        List<WriteRequest> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
        batches.add(pool.submit(() -> write(client, tableName, batch)));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("loading failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Writes one batch, resending what DynamoDB reports as unprocessed. */
  private static void write(DynamoDbClient client, String tableName, List<WriteRequest> batch) {
    Map<String, List<WriteRequest>> requests = Map.of(tableName, batch);
    for (int attempt = 0; attempt < 10 && !requests.isEmpty(); attempt++) {
      Map<String, List<WriteRequest>> sent = requests;
      BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(sent));
      requests = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
    }
    if (!requests.isEmpty()) {
      throw new IllegalStateException("DynamoDB Local kept items unprocessed: " + requests.size());
    }
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }
}

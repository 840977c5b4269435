package dev.serverlesskms.store.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The one table {@link DynamoDbKeyStore} needs: its key schema and its two global secondary
 * indexes. Tests, local scripts and the SAM template must declare exactly this (see {@code
 * TABLE.md} in this module), so it is written down once, here, and {@link #createTable} builds it.
 *
 * <pre>
 * table        pk (S, HASH), sk (S, RANGE)                          PAY_PER_REQUEST
 * GSI listing  listPk (S, HASH), listSk (S, RANGE)   INCLUDE aliasName, aliasTarget, aliasCreated, aliasUpdated
 * GSI due      duePk (S, HASH), dueSk (S, RANGE)     KEYS_ONLY   (sparse: only keys with a due date)
 * </pre>
 *
 * <p>Items (all string keys):
 *
 * <pre>
 * pk                 sk                 what                          listPk/listSk        duePk/dueSk
 * KEY#&lt;keyId&gt;        META               key metadata, revision        KEYS / &lt;keyId&gt;        DUE / &lt;dueAt&gt;#&lt;keyId&gt;
 * KEY#&lt;keyId&gt;        V#0000000001       one wrapped key version       -                    -
 * KEY#&lt;keyId&gt;        ALIAS#&lt;aliasName&gt;  the key's copy of an alias     -                    -
 * ALIAS#&lt;aliasName&gt;  ALIAS              an alias (findAlias)          ALIASES / &lt;name&gt;     -
 * KEY#&lt;keyId&gt;        ACTIVITY           grant count, last use         -                    -
 * OUTBOX             &lt;ms&gt;#&lt;eventId&gt;     an undelivered audit record    -                    -
 * REGIONS            &lt;region&gt;           a region's key counter        -                    -
 * </pre>
 *
 * Outside the default region every partition value (index partitions too) starts with {@code
 * <region>#}; grants, retiring copies and custom key stores are listed in {@code TABLE.md}.
 *
 * <p>Why this shape: a key's metadata and versions share a partition, so one Query reads a whole
 * key; the aliases of a key live in its partition too, so counting, listing and deleting them are
 * strongly consistent reads of that partition, never an index lookup; the {@code listing} index
 * orders all keys and all aliases under two constant partitions, and the sparse {@code due} index
 * holds one entry per key that a scheduled job must visit, sorted by due instant, so the jobs read
 * only due keys. Both index partitions are written only by control-plane changes (create and delete
 * of keys and aliases, due-date changes), far below the ~1,000 writes/s one index partition takes.
 */
public final class KeyTableDefinition {
  public static final String PARTITION_KEY = "pk";
  public static final String SORT_KEY = "sk";

  /**
   * Lists all keys (partition {@code KEYS}) and all aliases (partition {@code ALIASES}) in order.
   */
  public static final String LISTING_INDEX = "listing";

  public static final String LISTING_PARTITION_KEY = "listPk";
  public static final String LISTING_SORT_KEY = "listSk";

  /** The sparse due-date index read by {@code findDue}. */
  public static final String DUE_INDEX = "due";

  public static final String DUE_PARTITION_KEY = "duePk";
  public static final String DUE_SORT_KEY = "dueSk";

  /** The attributes the listing index copies, so ListAliases needs no read of the table. */
  public static final List<String> LISTING_PROJECTED_ATTRIBUTES =
      List.of(AliasItem.NAME, AliasItem.TARGET, AliasItem.CREATED, AliasItem.UPDATED);

  private KeyTableDefinition() {}

  /**
   * Creates the table with both indexes, on-demand capacity, and waits until it is active.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException as the client throws it (for example
   *     {@code ResourceInUseException} if the table exists): this is a set-up helper, not a store
   *     call
   */
  public static void createTable(DynamoDbClient client, String tableName) {
    client.createTable(createTableRequest(tableName));
    try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
      waiter
          .waitUntilTableExists(request -> request.tableName(tableName))
          .matched()
          .exception()
          .ifPresent(
              e -> {
                throw new IllegalStateException("table " + tableName + " did not become active", e);
              });
    }
  }

  /** The exact CreateTable request, for scripts and for checking a template against it. */
  public static CreateTableRequest createTableRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            string(PARTITION_KEY),
            string(SORT_KEY),
            string(LISTING_PARTITION_KEY),
            string(LISTING_SORT_KEY),
            string(DUE_PARTITION_KEY),
            string(DUE_SORT_KEY))
        .keySchema(keys(PARTITION_KEY, SORT_KEY))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(LISTING_INDEX)
                .keySchema(keys(LISTING_PARTITION_KEY, LISTING_SORT_KEY))
                .projection(
                    Projection.builder()
                        .projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes(LISTING_PROJECTED_ATTRIBUTES)
                        .build())
                .build(),
            GlobalSecondaryIndex.builder()
                .indexName(DUE_INDEX)
                .keySchema(keys(DUE_PARTITION_KEY, DUE_SORT_KEY))
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build())
        .build();
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static List<KeySchemaElement> keys(String hash, String range) {
    return List.of(
        KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
        KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
  }
}

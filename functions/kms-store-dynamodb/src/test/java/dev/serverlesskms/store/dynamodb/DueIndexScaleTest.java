package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static dev.serverlesskms.testkit.KeyFixtures.keyRotatingAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * 10,000 keys, 10 of them due: the scheduled jobs' lookup reads the 10 due index entries and
 * nothing else, in one Query of the due index. Half of the other keys are in the index too (due
 * later), half are not (no due date), so the index's range condition, not its sparseness alone, is
 * what is shown to work. The table is filled with BatchWriteItem of the store's own item mapping
 * (10,000 creates through the store would take minutes in DynamoDB Local); the load time is logged.
 */
class DueIndexScaleTest {
  private static final int KEYS = 10_000;
  private static final int DUE = 10;
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static final RequestLog LOG = new RequestLog();
  private static final DynamoDbClient CLIENT = LocalDynamoDb.client(LOG);
  private static String tableName;
  private static List<KeyId> dueEarliestFirst;

  private DynamoDbKeyStore store;

  @BeforeAll
  static void loadTenThousandKeys() {
    tableName = LocalDynamoDb.newTable(CLIENT);
    List<KmsKey> keys = new ArrayList<>();
    List<KmsKey> due = new ArrayList<>();
    for (int i = 0; i < DUE; i++) {
      // due between 10 days ago and yesterday, created in an order unlike the due order
      due.add(keyRotatingAt(NOW.minus(Duration.ofDays(1 + (i * 7L) % DUE))));
    }
    keys.addAll(due);
    for (int i = DUE; i < KEYS; i++) {
      keys.add(i % 2 == 0 ? keyRotatingAt(NOW.plus(Duration.ofMinutes(i))) : enabledKey().build());
    }
    long start = System.nanoTime();
    BulkLoader.load(CLIENT, tableName, keys);
    System.getLogger(DueIndexScaleTest.class.getName())
        .log(
            System.Logger.Level.INFO,
            "loaded {0} keys ({1} items) in {2} ms",
            KEYS,
            2 * KEYS,
            Duration.ofNanos(System.nanoTime() - start).toMillis());
    dueEarliestFirst =
        due.stream().sorted(Comparator.comparing(KmsKey::dueAt)).map(KmsKey::keyId).toList();
  }

  @AfterAll
  static void dropTable() {
    LocalDynamoDb.deleteTable(CLIENT, tableName);
    CLIENT.close();
  }

  @BeforeEach
  void newStoreOnTheLoadedTable() {
    store = new DynamoDbKeyStore(CLIENT, tableName);
    LOG.clear();
  }

  @Test
  void findDue_amongTenThousandKeys_readsOnlyTheTenDueEntries_inOneIndexQuery() {
    long before = store.itemsRead();

    List<KeyId> found = store.findDue(NOW, 100);

    assertThat(found).containsExactlyElementsOf(dueEarliestFirst);
    assertThat(store.itemsRead() - before).isEqualTo(DUE);
    assertThat(LOG.requests())
        .singleElement()
        .isInstanceOfSatisfying(
            QueryRequest.class,
            query -> {
              assertThat(query.indexName()).isEqualTo(KeyTableDefinition.DUE_INDEX);
              assertThat(query.limit()).isEqualTo(100);
            });
  }

  @Test
  void findDue_withASmallLimit_readsNoMoreThanTheLimit() {
    long before = store.itemsRead();

    List<KeyId> found = store.findDue(NOW, 3);

    assertThat(found).containsExactlyElementsOf(dueEarliestFirst.subList(0, 3));
    assertThat(store.itemsRead() - before).isEqualTo(3);
  }

  @Test
  void findDue_laterOn_findsTheKeysThatBecameDue() {
    Instant later = NOW.plus(Duration.ofMinutes(DUE + 9));

    List<KeyId> found = store.findDue(later, 1000);

    // keys i = 10, 12, 14, 16, 18 rotate at NOW + i minutes
    assertThat(found).hasSize(DUE + 5).startsWith(dueEarliestFirst.toArray(KeyId[]::new));
  }

  @Test
  void listKeys_firstPage_readsOnePageAndOneLookahead_notTheTable() {
    long before = store.itemsRead();

    Page<KeyId> page = store.listKeys(null, 50);

    assertThat(page.items()).hasSize(50).isSorted();
    assertThat(page.truncated()).isTrue();
    assertThat(store.itemsRead() - before).isEqualTo(51);
    assertThat(LOG.kinds()).containsExactly("QueryRequest");
  }

  @Test
  void find_amongTenThousandKeys_isOneQueryOfTheKeysOwnItems() {
    KeyId someDueKey = dueEarliestFirst.get(4);
    long before = store.itemsRead();

    KmsKey key = store.find(someDueKey).orElseThrow();

    assertThat(key.dueAt()).isBefore(NOW);
    assertThat(store.itemsRead() - before).isEqualTo(2); // metadata + one version
    assertThat(LOG.kinds()).containsExactly("QueryRequest");
  }
}

package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.MultiRegionKeyType;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.QuotaExceededException;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The counters kept in the store (customer managed keys per region, grants per key), the saved last
 * use of keys, and the multi-Region configuration, on DynamoDB Local.
 */
class CountersAndLastUsageTest extends LocalTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";

  @Test
  void customerKeyQuota_refusesTheKeyPastIt_writingNothing_andAwsManagedKeysDoNotCount() {
    store.create(enabledKey().build(), KeyFixtures.auditRecord(), 2);
    store.create(enabledKey().keyManager(KeyManager.AWS).build(), KeyFixtures.auditRecord(), 2);
    KmsKey second = store.create(enabledKey().build(), KeyFixtures.auditRecord(), 2);
    KmsKey refused = enabledKey().build();
    int records = store.pendingRecords(100).size();

    assertThatThrownBy(() -> store.create(refused, KeyFixtures.auditRecord(), 2))
        .isInstanceOf(QuotaExceededException.class);
    assertThat(store.find(refused.keyId())).isEmpty();
    assertThat(rawSortKeys(refused.keyId())).isEmpty();
    assertThat(store.pendingRecords(100)).hasSize(records);
    assertThat(store.countCustomerKeys()).isEqualTo(2);
    // an AWS managed key still goes in
    store.create(enabledKey().keyManager(KeyManager.AWS).build(), KeyFixtures.auditRecord(), 2);

    store.delete(second.keyId(), second.revision(), KeyFixtures.auditRecord());
    assertThat(store.countCustomerKeys()).isEqualTo(1);
    store.create(refused, KeyFixtures.auditRecord(), 2);
    assertThat(store.countCustomerKeys()).isEqualTo(2);
  }

  @Test
  void customerKeyQuota_isPerRegion() {
    KeyStore other = store.inRegion("eu-west-1");
    store.create(enabledKey().build(), KeyFixtures.auditRecord(), 1);
    other.create(enabledKey().build(), KeyFixtures.auditRecord(), 1);

    assertThat(store.countCustomerKeys()).isEqualTo(1);
    assertThat(other.countCustomerKeys()).isEqualTo(1);
    assertThat(store.inRegion("ap-south-1").countCustomerKeys()).isZero();
    assertThatThrownBy(() -> other.create(enabledKey().build(), KeyFixtures.auditRecord(), 1))
        .isInstanceOf(QuotaExceededException.class);
  }

  @Test
  void customerKeyQuota_concurrentCreatesNeverPassTheLastPlace() throws Exception {
    store.create(enabledKey().build(), KeyFixtures.auditRecord(), 10);
    int quota = 4;
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Callable<Boolean>> creates = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        creates.add(
            () -> {
              try {
                store.create(enabledKey().build(), KeyFixtures.auditRecord(), quota);
                return true;
              } catch (QuotaExceededException e) {
                return false;
              }
            });
      }
      long created = 0;
      for (Future<Boolean> result : pool.invokeAll(creates)) {
        created += result.get() ? 1 : 0;
      }
      assertThat(created).isEqualTo(quota - 1);
      assertThat(store.countCustomerKeys()).isEqualTo(quota);
      assertThat(store.listKeys(null, 100).items()).hasSize(quota);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void countGrants_isOneGetItemOfTheKeysCounter_keptByGrantWrites() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Grant grant = KeyFixtures.grant(key.keyId(), ALICE);
      store.createGrant(grant, KeyFixtures.auditRecord());
      grants.add(grant);
    }
    store.deleteGrant(key.keyId(), grants.get(0).grantId(), KeyFixtures.auditRecord());
    // deleting a grant that is gone changes nothing
    store.deleteGrant(key.keyId(), grants.get(0).grantId(), KeyFixtures.auditRecord());
    LOG.clear();

    assertThat(store.countGrants(key.keyId())).isEqualTo(2);
    assertThat(LOG.kinds()).containsExactly("GetItemRequest");
    // a grant on a key that is gone is refused, and counts nowhere
    store.delete(key.keyId(), key.revision(), KeyFixtures.auditRecord());
    assertThatThrownBy(
            () ->
                store.createGrant(KeyFixtures.grant(key.keyId(), ALICE), KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(rawSortKeys(key.keyId())).isEmpty();
  }

  @Test
  void lastUsage_keepsTheNewestUse_neverChangesTheKey_andGoesWithIt() {
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey gone = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    store.delete(gone.keyId(), gone.revision(), KeyFixtures.auditRecord());
    KeyLastUsage older = usage(key.keyId(), "Encrypt", NOW);
    KeyLastUsage newer = usage(key.keyId(), "Decrypt", NOW.plusNanos(1));

    store.saveKeyLastUsage(List.of(newer, older, usage(gone.keyId(), "Encrypt", NOW)));
    assertThat(store.findKeyLastUsage(key.keyId())).contains(newer);
    store.saveKeyLastUsage(List.of(older));
    assertThat(store.findKeyLastUsage(key.keyId())).contains(newer);
    assertThat(store.findKeyLastUsage(gone.keyId())).isEmpty();
    assertThat(rawSortKeys(gone.keyId())).isEmpty();

    // a use is not a change: the key's revision and metadata item stay as they were
    Map<String, AttributeValue> meta = rawItem("KEY#" + key.keyId(), "META").orElseThrow();
    KeyLastUsage latest = usage(key.keyId(), "Sign", NOW.plusSeconds(60));
    store.saveKeyLastUsage(List.of(latest));
    assertThat(rawItem("KEY#" + key.keyId(), "META")).contains(meta);
    KmsKey updated =
        store.update(key.toBuilder().description("changed").build(), KeyFixtures.auditRecord());
    assertThat(updated.revision()).isEqualTo(2);
    assertThat(store.findKeyLastUsage(key.keyId())).contains(latest);

    store.delete(key.keyId(), updated.revision(), KeyFixtures.auditRecord());
    assertThat(store.findKeyLastUsage(key.keyId())).isEmpty();
  }

  @Test
  void lastUsage_isOneUpdateItemPerKey_conditionedOnTheKeyAndAnOlderUse() {
    KmsKey one = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey two = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    LOG.clear();

    store.saveKeyLastUsage(
        List.of(
            usage(one.keyId(), "Encrypt", NOW),
            usage(two.keyId(), "Encrypt", NOW),
            usage(one.keyId(), "Decrypt", NOW.plusSeconds(1))));

    assertThat(LOG.kinds()).containsExactly("UpdateItemRequest", "UpdateItemRequest");
    var update =
        (software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest) LOG.requests().get(0);
    assertThat(update.key()).containsEntry("sk", AttributeValue.fromS("ACTIVITY"));
    assertThat(update.conditionExpression())
        .isEqualTo("attribute_exists(#g) AND (attribute_not_exists(#at) OR #at < :at)");
    assertThat(store.findKeyLastUsage(one.keyId()).orElseThrow().operation()).isEqualTo("Decrypt");
  }

  @Test
  void lastUsage_isPerRegion() {
    KmsKey here = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KeyStore other = store.inRegion("eu-west-1");
    other.create(enabledKey().keyId(here.keyId()).build(), KeyFixtures.auditRecord());

    other.saveKeyLastUsage(List.of(usage(here.keyId(), "Encrypt", NOW)));

    assertThat(other.findKeyLastUsage(here.keyId())).isPresent();
    assertThat(store.findKeyLastUsage(here.keyId())).isEmpty();
  }

  @Test
  void multiRegionConfiguration_roundTrips() {
    // the store takes any key id; mrk- ids are kms-core's concern
    KeyId id = KeyId.random();
    KmsKey primary =
        enabledKey()
            .keyId(id)
            .arn(KeyFixtures.LOCATION.keyArn(id))
            .multiRegion(
                new MultiRegion(
                    MultiRegionKeyType.PRIMARY, "us-east-1", List.of("eu-west-1", "ap-south-1")))
            .build();
    KmsKey stored = store.create(primary, KeyFixtures.auditRecord());

    assertThat(store.find(id)).contains(stored);
    assertThat(store.find(id).orElseThrow().multiRegion()).isEqualTo(primary.multiRegion());
    Map<String, AttributeValue> meta = rawItem("KEY#" + id, "META").orElseThrow();
    assertThat(meta.get("multiRegionType").s()).isEqualTo("PRIMARY");
    assertThat(meta.get("primaryRegion").s()).isEqualTo("us-east-1");
    assertThat(meta.get("replicaRegions").l())
        .extracting(AttributeValue::s)
        .containsExactly("eu-west-1", "ap-south-1");
    KmsKey single = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    assertThat(rawItem("KEY#" + single.keyId(), "META").orElseThrow())
        .doesNotContainKeys("multiRegionType", "primaryRegion", "replicaRegions");
  }

  private static KeyLastUsage usage(KeyId keyId, String operation, Instant at) {
    return new KeyLastUsage(keyId, operation, at, "event-" + at.toEpochMilli(), "request-1");
  }
}

package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.SealedPassword;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Regions on one table: the default region's items keep the layout they had before regions, every
 * other region's partitions are prefixed with the region, and the views share nothing but the
 * table, the outbox and the registry of regions.
 */
class RegionsOnDynamoDbTest extends LocalTableTest {
  private static final String OTHER = "eu-west-1";
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void otherRegionsItems_carryTheRegionInEveryPartition_theDefaultRegionsDoNot() {
    KeyStore other = store.inRegion(OTHER);
    KmsKey key = other.create(KeyFixtures.keyRotatingAt(NOW), KeyFixtures.auditRecord());
    other.createAlias(alias("alias/x", key.keyId()), KeyFixtures.auditRecord());
    String id = key.keyId().value();

    Map<String, AttributeValue> meta = rawItem(OTHER + "#KEY#" + id, "META").orElseThrow();
    assertThat(meta.get("listPk").s()).isEqualTo(OTHER + "#KEYS");
    assertThat(meta.get("duePk").s()).isEqualTo(OTHER + "#DUE");
    assertThat(rawItem(OTHER + "#KEY#" + id, "V#0000000001")).isPresent();
    assertThat(rawItem(OTHER + "#ALIAS#alias/x", "ALIAS").orElseThrow().get("listPk").s())
        .isEqualTo(OTHER + "#ALIASES");
    assertThat(rawItem("KEY#" + id, "META")).isEmpty();
    assertThat(rawItem("ALIAS#alias/x", "ALIAS")).isEmpty();
    // the audit record is in the one shared outbox
    assertThat(rawOutboxIds()).hasSize(2);
  }

  @Test
  void regions_areKeySpaces_theSameKeyIdAndAliasNameLiveApartInEach() {
    KeyStore other = store.inRegion(OTHER);
    KmsKey here = store.create(KeyFixtures.keyRotatingAt(NOW), KeyFixtures.auditRecord());
    KmsKey there =
        other.create(
            KeyFixtures.keyRotatingAt(NOW).toBuilder()
                .keyId(here.keyId())
                .description("replica")
                .build(),
            KeyFixtures.auditRecord());
    store.createAlias(alias("alias/same", here.keyId()), KeyFixtures.auditRecord());
    other.createAlias(alias("alias/same", there.keyId()), KeyFixtures.auditRecord());
    store.createGrant(
        KeyFixtures.grant(here.keyId(), "arn:aws:iam::111122223333:user/a"),
        KeyFixtures.auditRecord());

    assertThat(store.find(here.keyId())).contains(here);
    assertThat(other.find(here.keyId())).contains(there);
    assertThat(store.listKeys(null, 10).items()).containsExactly(here.keyId());
    assertThat(other.listKeys(null, 10).items()).containsExactly(there.keyId());
    assertThat(other.findDue(NOW, 10)).containsExactly(there.keyId());
    assertThat(store.countGrants(here.keyId())).isEqualTo(1);
    assertThat(other.countGrants(there.keyId())).isZero();
    assertThat(other.listGrants(there.keyId(), null, null, 10).items()).isEmpty();

    other.delete(there.keyId(), there.revision(), KeyFixtures.auditRecord());
    assertThat(store.find(here.keyId())).contains(here);
    assertThat(store.findAlias("alias/same")).isPresent();
    assertThat(other.findAlias("alias/same")).isEmpty();
  }

  @Test
  void regions_isTheDefaultRegionAndEveryRegionThatCreatedAKey_readWithoutAScan() {
    assertThat(store.regions()).containsExactly("us-east-1");
    store.inRegion("ap-south-1");
    assertThat(store.regions()).containsExactly("us-east-1");

    store
        .inRegion(OTHER)
        .create(enabledKey().keyManager(KeyManager.AWS).build(), KeyFixtures.auditRecord());
    store.inRegion("ap-south-1").create(enabledKey().build(), KeyFixtures.auditRecord());
    LOG.clear();

    assertThat(store.regions()).containsExactlyInAnyOrder("us-east-1", OTHER, "ap-south-1");
    assertThat(store.inRegion(OTHER).regions()).isEqualTo(store.regions());
    assertThat(LOG.kinds()).doesNotContain("ScanRequest");
  }

  @Test
  void inRegion_ofTheDefaultRegion_isThisStore_andViewsAreKept() {
    assertThat(store.inRegion("us-east-1")).isSameAs(store);
    assertThat(store.inRegion(OTHER)).isSameAs(store.inRegion(OTHER));
    assertThat(store.inRegion(OTHER).inRegion("us-east-1")).isSameAs(store);
    assertThatThrownBy(() -> store.inRegion("Not A Region"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void customKeyStores_belongToTheirRegion() {
    KeyStore other = store.inRegion(OTHER);
    CustomKeyStore created =
        other.createCustomKeyStore(
            CustomKeyStore.create(
                CustomKeyStore.newId(),
                "one",
                "cluster-1234567abcd",
                "-----BEGIN CERTIFICATE-----",
                new SealedPassword(new byte[] {1, 2, 3}),
                NOW),
            KeyFixtures.auditRecord());

    assertThat(other.findCustomKeyStore(created.id())).isPresent();
    assertThat(other.findCustomKeyStoreByName("one")).isPresent();
    assertThat(store.findCustomKeyStore(created.id())).isEmpty();
    assertThat(store.findCustomKeyStoreByName("one")).isEmpty();
    assertThat(store.listCustomKeyStores(null, 10).items()).isEmpty();
  }

  @Test
  void keyIdOf_readsTheKeyIdOfAnyRegionsPartition() {
    KeyId id = KeyId.random();
    assertThat(ItemKeys.keyIdOf(ItemKeys.otherRegion(OTHER).keyPartition(id))).isEqualTo(id);
    assertThat(ItemKeys.keyIdOf(ItemKeys.defaultRegion("us-east-1").keyPartition(id)))
        .isEqualTo(id);
  }
}

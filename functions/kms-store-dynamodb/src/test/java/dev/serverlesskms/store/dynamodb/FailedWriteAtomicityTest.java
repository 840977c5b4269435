package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A write that fails leaves the table exactly as it was: checked on the raw items, around the
 * store, for failed conditions (lost races) and for a transaction DynamoDB rejects outright.
 */
class FailedWriteAtomicityTest extends LocalTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void update_atStaleRevision_writesNeitherMetadataNorItsNewVersion() {
    KmsKey v1 = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey v2 =
        store.update(v1.toBuilder().description("second").build(), KeyFixtures.auditRecord());
    Map<String, AttributeValue> metaBefore = rawItem("KEY#" + v1.keyId(), "META").orElseThrow();

    KmsKey staleRotation =
        KeyFixtures.withNewVersion(v1, NOW).toBuilder()
            .rotation(new RotationSchedule(true, 365, NOW.minusSeconds(1), null, 0))
            .build();

    assertThatThrownBy(() -> store.update(staleRotation, KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(rawItem("KEY#" + v1.keyId(), "META")).contains(metaBefore);
    assertThat(rawSortKeys(v1.keyId())).containsExactly("ACTIVITY", "META", "V#0000000001");
    assertThat(store.find(v1.keyId())).contains(v2);
  }

  @Test
  void update_losingTheRaceBetweenItsReadAndItsTransaction_writesNothing() {
    // The competing rotation commits after this update's GetItem saw revision 1, so only the
    // transaction's revision condition can stop it.
    KmsKey v1 = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey competing = KeyFixtures.withNewVersion(v1, NOW);
    KmsKey losing =
        KeyFixtures.withNewVersion(v1, NOW.plusSeconds(1)).toBuilder().description("lost").build();
    HOOKS.beforeNextTransaction(() -> store.update(competing, KeyFixtures.auditRecord()));

    assertThatThrownBy(() -> store.update(losing, KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    KmsKey stored = store.find(v1.keyId()).orElseThrow();
    assertThat(stored).isEqualTo(competing.toBuilder().revision(2).build());
    assertThat(rawSortKeys(v1.keyId()))
        .containsExactly("ACTIVITY", "META", "V#0000000001", "V#0000000002");
  }

  @Test
  void create_ofAnExistingId_writesNoneOfItsVersions() {
    KmsKey original = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    Map<String, AttributeValue> versionBefore =
        rawItem("KEY#" + original.keyId(), "V#0000000001").orElseThrow();
    KmsKey impostor =
        KeyFixtures.fullKey().toBuilder().keyId(original.keyId()).arn(original.arn()).build();

    assertThatThrownBy(() -> store.create(impostor, KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(rawSortKeys(original.keyId())).containsExactly("ACTIVITY", "META", "V#0000000001");
    assertThat(rawItem("KEY#" + original.keyId(), "V#0000000001")).contains(versionBefore);
    assertThat(store.find(original.keyId())).contains(original);
  }

  @Test
  void create_rejectedByDynamoDb_isUnavailable_andWritesNoItemAtAll() {
    // A version item over DynamoDB's 400 KB item limit: the whole transaction is refused.
    KeyVersion tooBig =
        new KeyVersion(
            2,
            KeyFixtures.materialId(),
            new WrappedKey(new byte[410_000]),
            NOW,
            RotationType.ON_DEMAND);
    KmsKey key = enabledKey().build();
    KmsKey withTooBigVersion =
        key.toBuilder().versions(List.of(key.versions().get(0), tooBig)).build();

    assertThatThrownBy(() -> store.create(withTooBigVersion, KeyFixtures.auditRecord()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(rawSortKeys(key.keyId())).isEmpty();
    assertThat(store.listKeys(null, 10).items()).isEmpty();
  }

  @Test
  void delete_whileAnAliasIsMovedAway_isCancelledWhole() {
    // UpdateAlias commits between delete's read of the partition and its transaction: the delete
    // would remove an alias that no longer points at the key, so it must not happen at all.
    KmsKey doomed = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey other = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/moved", doomed.keyId()), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/stays", doomed.keyId()), KeyFixtures.auditRecord());
    HOOKS.beforeNextTransaction(
        () -> store.updateAlias(alias("alias/moved", other.keyId()), KeyFixtures.auditRecord()));

    assertThatThrownBy(
            () -> store.delete(doomed.keyId(), doomed.revision(), KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(rawSortKeys(doomed.keyId()))
        .containsExactly("ACTIVITY", "ALIAS#alias/stays", "META", "V#0000000001");
    assertThat(store.find(doomed.keyId())).contains(doomed);
    assertThat(store.findAlias("alias/stays")).isPresent();
    assertThat(store.findAlias("alias/moved").orElseThrow().targetKeyId()).isEqualTo(other.keyId());
  }

  @Test
  void delete_whileTheKeyIsUpdated_isCancelledWhole() {
    KmsKey key = store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/kept", key.keyId()), KeyFixtures.auditRecord());
    HOOKS.beforeNextTransaction(
        () ->
            store.update(
                key.toBuilder().description("changed meanwhile").build(),
                KeyFixtures.auditRecord()));

    assertThatThrownBy(() -> store.delete(key.keyId(), key.revision(), KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(rawSortKeys(key.keyId()))
        .containsExactly(
            "ACTIVITY", "ALIAS#alias/kept", "META", "V#0000000001", "V#0000000002", "V#0000000003");
    assertThat(store.findAlias("alias/kept")).isPresent();
  }

  @Test
  void createAlias_existingName_writesNoCopyUnderTheOtherKey() {
    KmsKey first = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey second = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/taken", first.keyId()), KeyFixtures.auditRecord());

    assertThatThrownBy(
            () ->
                store.createAlias(alias("alias/taken", second.keyId()), KeyFixtures.auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(rawSortKeys(second.keyId())).containsExactly("ACTIVITY", "META", "V#0000000001");
  }
}

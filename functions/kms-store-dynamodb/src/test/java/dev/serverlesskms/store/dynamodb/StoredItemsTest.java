package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What is in the table, attribute by attribute: the persisted format. Items written today must be
 * readable forever, so a change that alters these values fails here first.
 */
class StoredItemsTest extends LocalTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void metadataItem_storesWireNamesAndIsoInstants_andIsInTheListingAndDueIndexes() {
    KmsKey key = store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord());
    String id = key.keyId().value();

    Map<String, AttributeValue> meta = rawItem("KEY#" + id, "META").orElseThrow();

    assertThat(meta.get("state").s()).isEqualTo("PendingDeletion");
    assertThat(meta.get("keySpec").s()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(meta.get("keyUsage").s()).isEqualTo("ENCRYPT_DECRYPT");
    assertThat(meta.get("origin").s()).isEqualTo("EXTERNAL");
    assertThat(meta.get("keyManager").s()).isEqualTo("CUSTOMER");
    assertThat(meta.get("importExpirationModel").s()).isEqualTo("KEY_MATERIAL_EXPIRES");
    assertThat(meta.get("created").s()).isEqualTo("2026-03-01T10:15:30.123456789Z");
    assertThat(meta.get("revision").n()).isEqualTo("1");
    assertThat(meta.get("versionCount").n()).isEqualTo("3");
    assertThat(meta.get("tags").l().get(0).m())
        .isEqualTo(
            Map.of(
                "TagKey",
                AttributeValue.fromS("team"),
                "TagValue",
                AttributeValue.fromS("payments")));
    assertThat(meta.get("listPk").s()).isEqualTo("KEYS");
    assertThat(meta.get("listSk").s()).isEqualTo(id);
    assertThat(meta.get("duePk").s()).isEqualTo("DUE");
    // a key pending deletion is due on its deletion date
    assertThat(meta.get("dueSk").s()).isEqualTo("2027-04-05T10:15:30.123456789Z#" + id);
  }

  @Test
  void metadataItem_ofAnAwsManagedKey_storesItsManager_andAnItemWithoutOneIsCustomerManaged() {
    KmsKey managed =
        store.create(
            KeyFixtures.enabledKey().keyManager(KeyManager.AWS).build(), KeyFixtures.auditRecord());
    assertThat(rawItem("KEY#" + managed.keyId(), "META").orElseThrow().get("keyManager").s())
        .isEqualTo("AWS");

    // an item written before AWS managed keys existed has no keyManager attribute
    KmsKey older = store.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
    CLIENT.updateItem(
        request ->
            request
                .tableName(tableName)
                .key(
                    Map.of(
                        "pk",
                        AttributeValue.fromS("KEY#" + older.keyId()),
                        "sk",
                        AttributeValue.fromS("META")))
                .updateExpression("REMOVE keyManager"));

    assertThat(store.find(older.keyId()).orElseThrow().keyManager()).isEqualTo(KeyManager.CUSTOMER);
  }

  @Test
  void versionItem_storesWrappedMaterialAsBinary_andRotationTypeByWireName() {
    KmsKey key = store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord());

    Map<String, AttributeValue> version =
        rawItem("KEY#" + key.keyId(), "V#0000000002").orElseThrow();

    assertThat(version.get("number").n()).isEqualTo("2");
    assertThat(version.get("material").b().asByteArray())
        .isEqualTo(key.versions().get(1).material().bytes());
    assertThat(version.get("materialId").s()).isEqualTo(key.versions().get(1).materialId());
    assertThat(version.get("rotationType").s()).isEqualTo("AUTOMATIC");
    assertThat(rawItem("KEY#" + key.keyId(), "V#0000000001").orElseThrow())
        .doesNotContainKey("rotationType");
  }

  @Test
  void dueAttributes_arePresentExactlyWhileTheKeyHasADueDate() {
    KmsKey notDue = store.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
    String pk = "KEY#" + notDue.keyId();
    assertThat(rawItem(pk, "META").orElseThrow()).doesNotContainKeys("duePk", "dueSk");

    KmsKey rotating =
        store.update(
            notDue.toBuilder().rotation(new RotationSchedule(true, 365, NOW, null, 0)).build(),
            KeyFixtures.auditRecord());
    assertThat(rawItem(pk, "META").orElseThrow().get("dueSk").s())
        .isEqualTo("2026-06-01T12:00:00.000000000Z#" + notDue.keyId());

    store.update(
        rotating.toBuilder().rotation(RotationSchedule.disabled()).build(),
        KeyFixtures.auditRecord());
    assertThat(rawItem(pk, "META").orElseThrow()).doesNotContainKeys("duePk", "dueSk");
  }

  @Test
  void alias_isStoredAsItsItemAndACopyInTheKeysPartition() {
    KmsKey key = store.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/app", key.keyId()), KeyFixtures.auditRecord());

    Map<String, AttributeValue> item = rawItem("ALIAS#alias/app", "ALIAS").orElseThrow();
    Map<String, AttributeValue> copy =
        rawItem("KEY#" + key.keyId(), "ALIAS#alias/app").orElseThrow();

    assertThat(item.get("aliasTarget").s()).isEqualTo(key.keyId().value());
    assertThat(item.get("listPk").s()).isEqualTo("ALIASES");
    assertThat(item.get("listSk").s()).isEqualTo("alias/app");
    assertThat(copy.get("aliasTarget")).isEqualTo(item.get("aliasTarget"));
    assertThat(copy.get("aliasCreated")).isEqualTo(item.get("aliasCreated"));
    assertThat(copy).doesNotContainKeys("listPk", "listSk");
  }

  @Test
  void grant_isStoredAsItsItem_aGranteeCopy_andARetiringCopy_withTheSameAttributes() {
    KmsKey key = store.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
    Grant grant = KeyFixtures.fullGrant(key.keyId());
    store.createGrant(grant, KeyFixtures.auditRecord());

    Map<String, AttributeValue> item =
        rawItem("KEY#" + key.keyId(), "GRANT#" + grant.grantId()).orElseThrow();
    Map<String, AttributeValue> granteeCopy =
        rawItem(
                "KEY#" + key.keyId(),
                "GRANTEE#444455556666#" + grant.granteePrincipal() + "#" + grant.grantId())
            .orElseThrow();
    Map<String, AttributeValue> retiringCopy =
        rawItem("RETIRING#" + grant.retiringPrincipal(), key.keyId() + "#" + grant.grantId())
            .orElseThrow();

    assertThat(item.get("operations").l())
        .extracting(AttributeValue::s)
        .containsExactly("GenerateDataKey", "Decrypt", "RetireGrant");
    assertThat(item.get("ecEquals").m()).containsEntry("Project", AttributeValue.fromS("Alpha"));
    assertThat(item.get("grantCreated").s()).isEqualTo(grant.creationDate().toString());
    for (Map<String, AttributeValue> copy : List.of(granteeCopy, retiringCopy)) {
      Map<String, AttributeValue> attributes = new java.util.HashMap<>(copy);
      attributes.keySet().removeAll(List.of("pk", "sk"));
      Map<String, AttributeValue> original = new java.util.HashMap<>(item);
      original.keySet().removeAll(List.of("pk", "sk"));
      assertThat(attributes).isEqualTo(original);
    }
    assertThat(item).doesNotContainKeys("listPk", "listSk", "duePk", "dueSk");
  }
}

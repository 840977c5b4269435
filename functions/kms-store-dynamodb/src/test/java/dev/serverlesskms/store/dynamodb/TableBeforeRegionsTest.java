package dev.serverlesskms.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table written before regions, counters and last usage existed: the items below are what that
 * code wrote (literal attribute maps, {@code TABLE.md} of that time), with no {@code ACTIVITY} item
 * and no {@code REGIONS} counter. Read through today's store, as the default region's view, it
 * answers as before, and the counters start right.
 */
class TableBeforeRegionsTest extends LocalTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";

  private KeyId keyId;
  private byte[] material;
  private Grant oldGrant;

  @BeforeEach
  void writeTheOldLayout() {
    keyId = KeyId.random();
    String id = keyId.value();
    material = KeyFixtures.wrappedKey().bytes();
    Map<String, AttributeValue> meta = new HashMap<>();
    meta.put("pk", s("KEY#" + id));
    meta.put("sk", s("META"));
    meta.put("revision", n(3));
    meta.put("versionCount", n(1));
    meta.put("arn", s(KeyFixtures.LOCATION.keyArn(keyId)));
    meta.put("created", s("2026-03-01T10:15:30.123456789Z"));
    meta.put("description", s("from before regions"));
    meta.put("keySpec", s("SYMMETRIC_DEFAULT"));
    meta.put("keyUsage", s("ENCRYPT_DECRYPT"));
    meta.put("origin", s("AWS_KMS"));
    meta.put("state", s("Enabled"));
    meta.put("policy", s(KeyFixtures.POLICY));
    meta.put("rotationEnabled", AttributeValue.fromBool(false));
    meta.put("onDemandRotations", n(0));
    meta.put("listPk", s("KEYS"));
    meta.put("listSk", s(id));
    put(meta);
    put(
        Map.of(
            "pk", s("KEY#" + id),
            "sk", s("V#0000000001"),
            "number", n(1),
            "materialId", s("ab".repeat(32)),
            "material", AttributeValue.fromB(SdkBytes.fromByteArray(material)),
            "created", s("2026-03-01T10:15:30.123456789Z")));
    Map<String, AttributeValue> alias = new HashMap<>();
    alias.put("aliasName", s("alias/old"));
    alias.put("aliasTarget", s(id));
    alias.put("aliasCreated", s("2026-03-02T00:00:00Z"));
    alias.put("aliasUpdated", s("2026-03-02T00:00:00Z"));
    Map<String, AttributeValue> aliasItem = new HashMap<>(alias);
    aliasItem.put("pk", s("ALIAS#alias/old"));
    aliasItem.put("sk", s("ALIAS"));
    aliasItem.put("listPk", s("ALIASES"));
    aliasItem.put("listSk", s("alias/old"));
    put(aliasItem);
    alias.put("pk", s("KEY#" + id));
    alias.put("sk", s("ALIAS#alias/old"));
    put(alias);
    // one grant, with its grantee copy, as the grant items were (and are) laid out
    oldGrant = KeyFixtures.grant(keyId, ALICE);
    ItemKeys keys = ItemKeys.defaultRegion("us-east-1");
    put(GrantItem.SCHEMA.itemToMap(GrantItem.of(keys, oldGrant), true));
    put(GrantItem.SCHEMA.itemToMap(GrantItem.granteeCopyOf(keys, oldGrant), true));
    assertThat(rawSortKeys(keyId)).doesNotContain("ACTIVITY");
  }

  @Test
  void readsUnchanged_inTheDefaultRegion() {
    KmsKey key = store.find(keyId).orElseThrow();

    assertThat(key.revision()).isEqualTo(3);
    assertThat(key.description()).isEqualTo("from before regions");
    assertThat(key.state()).isEqualTo(KeyState.ENABLED);
    assertThat(key.multiRegion()).isNull();
    assertThat(key.versions())
        .singleElement()
        .satisfies(v -> assertThat(v.material().bytes()).isEqualTo(material));
    assertThat(store.listKeys(null, 10).items()).containsExactly(keyId);
    assertThat(store.findAlias("alias/old").orElseThrow().targetKeyId()).isEqualTo(keyId);
    assertThat(store.listAliases(null, null, 10).items()).hasSize(1);
    assertThat(store.countAliases(keyId)).isEqualTo(1);
    assertThat(store.findGrant(keyId, oldGrant.grantId())).contains(oldGrant);
    assertThat(store.countGrants(keyId)).isEqualTo(1);
    assertThat(store.findKeyLastUsage(keyId)).isEmpty();
    assertThat(store.regions()).containsExactly("us-east-1");
    // other regions see none of it
    assertThat(store.inRegion("eu-west-1").find(keyId)).isEmpty();
    assertThat(store.inRegion("eu-west-1").listKeys(null, 10).items()).isEmpty();
  }

  @Test
  void theRegionsCounter_startsFromTheKeysAlreadyThere() {
    assertThat(store.countCustomerKeys()).isEqualTo(1);

    KmsKey added = store.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord(), 2);
    assertThat(store.countCustomerKeys()).isEqualTo(2);
    store.delete(keyId, 3, KeyFixtures.auditRecord());
    assertThat(store.countCustomerKeys()).isEqualTo(1);
    assertThat(store.find(added.keyId())).contains(added);
  }

  @Test
  void grantWrites_onAKeyFromBefore_countItsOldGrants() {
    Grant added = KeyFixtures.grant(keyId, ALICE);
    store.createGrant(added, KeyFixtures.auditRecord());
    assertThat(store.countGrants(keyId)).isEqualTo(2);
    assertThat(rawSortKeys(keyId)).contains("ACTIVITY");

    store.deleteGrant(keyId, oldGrant.grantId(), KeyFixtures.auditRecord());
    assertThat(store.countGrants(keyId)).isEqualTo(1);
  }

  @Test
  void deletingAGrant_ofAKeyFromBefore_countsTheRest() {
    store.deleteGrant(keyId, oldGrant.grantId(), KeyFixtures.auditRecord());
    assertThat(store.countGrants(keyId)).isZero();
    assertThat(store.findGrant(keyId, oldGrant.grantId())).isEmpty();
  }

  @Test
  void lastUsage_ofAKeyFromBefore_isSaved() {
    KeyLastUsage usage = new KeyLastUsage(keyId, "Encrypt", NOW, "event", "request");
    store.saveKeyLastUsage(List.of(usage));

    assertThat(store.findKeyLastUsage(keyId)).contains(usage);
    assertThat(store.countGrants(keyId)).isEqualTo(1);
    assertThat(store.find(keyId).orElseThrow().revision()).isEqualTo(3);
    store.delete(keyId, 3, KeyFixtures.auditRecord());
    assertThat(rawSortKeys(keyId)).isEmpty();
  }

  private void put(Map<String, AttributeValue> item) {
    CLIENT.putItem(request -> request.tableName(tableName).item(item));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}

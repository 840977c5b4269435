package dev.serverlesskms.local;

import static dev.serverlesskms.local.PreRegionsStoreFile.ALICE;
import static dev.serverlesskms.local.PreRegionsStoreFile.CUSTOMER_KEYS;
import static dev.serverlesskms.local.PreRegionsStoreFile.CUSTOM_KEY_STORE_ID;
import static dev.serverlesskms.local.PreRegionsStoreFile.RETIRER;
import static dev.serverlesskms.local.PreRegionsStoreFile.T;
import static dev.serverlesskms.local.PreRegionsStoreFile.id;
import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static dev.serverlesskms.testkit.KeyFixtures.grant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.MultiRegionKeyType;
import dev.serverlesskms.core.port.KeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store file written by the release before regions ({@link PreRegionsStoreFile}) is this
 * release's default region as it is: every key, alias, grant, custom key store, due entry and
 * pending audit record reads back unchanged, its counters are computed once, and writing to other
 * regions (or the new per-key records) leaves the maps it had exactly as they were.
 */
class PreRegionsStoreFileTest {
  private static final String DEFAULT = "us-east-1";

  /** The maps a store had before regions: the default region keeps them, names and entries. */
  private static final List<String> EARLIER_MAPS =
      List.of(
          "keys",
          "aliases",
          "key-aliases",
          "due",
          "outbox",
          "grants",
          "key-grantees",
          "retirable",
          "custom-key-stores",
          "custom-key-store-names",
          "key-custom-key-stores");

  @TempDir Path dir;

  @Test
  void aFileWrittenBeforeRegions_readsUnchanged_asTheDefaultRegion() throws IOException {
    Path file = unpacked();
    assertThat(rawMaps(file).keySet()).containsExactlyInAnyOrderElementsOf(EARLIER_MAPS);

    try (MvStoreKeyStore store = MvStoreKeyStore.open(file, DEFAULT)) {
      assertHoldsWhatWasWritten(store);
      assertThat(store.pendingRecords(1000))
          .containsExactlyElementsOf(PreRegionsStoreFile.pendingRecords());
      assertThat(store.regions()).containsExactly(DEFAULT);
      assertCountsWhatWasWritten(store);
    }
    assertThat(rawMaps(file).get("counters"))
        .as("counted once, then kept")
        .containsExactly(Map.entry("customer-keys", Integer.toString(CUSTOMER_KEYS)));

    try (MvStoreKeyStore reopened = MvStoreKeyStore.open(file, DEFAULT)) {
      assertHoldsWhatWasWritten(reopened);
      assertCountsWhatWasWritten(reopened);
    }
  }

  @Test
  void writingOtherRegionsAndNewRecords_leavesTheEarlierMapsAsTheyWere() throws IOException {
    Path file = unpacked();
    Map<String, Map<String, String>> before = rawMaps(file);

    try (MvStoreKeyStore store = MvStoreKeyStore.open(file, DEFAULT)) {
      KeyStore other = store.inRegion("eu-west-1");
      KmsKey there = other.create(enabledKey().build(), auditRecord());
      other.createAlias(alias("alias/app", there.keyId()), auditRecord());
      KmsKey sameId =
          other.create(
              store.find(id(1)).orElseThrow().toBuilder().revision(0).build(), auditRecord());
      other.createGrant(grant(sameId.keyId(), ALICE), auditRecord());
      other.saveKeyLastUsage(List.of(usage(there.keyId())));
      store.saveKeyLastUsage(List.of(usage(id(1)), usage(id(4))));

      assertHoldsWhatWasWritten(store);
      assertThat(store.findKeyLastUsage(id(1))).isPresent();
      assertThat(store.find(id(1)).orElseThrow().revision()).isEqualTo(2);
      assertThat(other.findAlias("alias/app").orElseThrow().targetKeyId()).isEqualTo(there.keyId());
      assertThat(store.regions()).containsExactlyInAnyOrder(DEFAULT, "eu-west-1");
    }

    Map<String, Map<String, String>> after = rawMaps(file);
    for (String name : EARLIER_MAPS) {
      if (name.equals("outbox")) {
        assertThat(after.get(name))
            .as("four more records")
            .containsAllEntriesOf(before.get(name))
            .hasSize(before.get(name).size() + 4);
      } else {
        assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
      }
    }
    assertThat(after.get("regions")).containsOnlyKeys("eu-west-1");
    assertThat(after.get("key-last-usage")).containsOnlyKeys(id(1).value(), id(4).value());
    assertThat(after.get("eu-west-1/keys")).hasSize(2);
    assertThat(after.get("eu-west-1/aliases")).containsOnlyKeys("alias/app");
    assertThat(after.get("eu-west-1/counters")).containsExactly(Map.entry("customer-keys", "2"));
    assertThat(after.keySet())
        .allMatch(
            name ->
                EARLIER_MAPS.contains(name)
                    || List.of(
                            "regions",
                            "counters",
                            "grant-counts",
                            "key-last-usage",
                            "key-multi-region")
                        .contains(name)
                    || name.startsWith("eu-west-1/"));
  }

  @Test
  void aSingleRegionKey_isStoredAsBefore_andAMultiRegionKeysConfigurationBesideIt() {
    Path file = dir.resolve("new.mv.db");
    KmsKey single = enabledKey().build();
    KmsKey multi =
        enabledKey()
            .multiRegion(new MultiRegion(MultiRegionKeyType.PRIMARY, DEFAULT, List.of("eu-west-1")))
            .build();
    try (MvStoreKeyStore store = MvStoreKeyStore.open(file, DEFAULT)) {
      store.create(single, auditRecord());
      store.create(multi, auditRecord());
    }

    Map<String, Map<String, String>> raw = rawMaps(file);
    assertThat(raw.get("keys").get(single.keyId().value()))
        .isEqualTo(RecordJson.write(KeyRecord.of(single.toBuilder().revision(1).build(), null)));
    assertThat(raw.get("keys").get(multi.keyId().value())).startsWith("{\"format\":2,");
    assertThat(raw.get("key-multi-region"))
        .containsExactly(
            Map.entry(
                multi.keyId().value(),
                "{\"format\":1,\"type\":\"PRIMARY\",\"primaryRegion\":\"us-east-1\","
                    + "\"replicaRegions\":[\"eu-west-1\"]}"));
  }

  // ---------------------------------------------------------------- helpers

  private static void assertHoldsWhatWasWritten(KeyStore store) {
    List<KmsKey> keys = PreRegionsStoreFile.keys();
    assertThat(store.listKeys(null, 1000).items())
        .containsExactlyElementsOf(keys.stream().map(KmsKey::keyId).sorted().toList());
    for (KmsKey key : keys) {
      assertThat(store.find(key.keyId())).contains(key);
    }
    assertThat(store.find(id(6))).as("deleted").isEmpty();
    assertThat(store.listAliases(null, null, 1000).items())
        .containsExactlyElementsOf(PreRegionsStoreFile.aliases());
    assertThat(store.listAliases(id(1), null, 1000).items())
        .extracting(Alias::aliasName)
        .containsExactly("alias/app", "alias/app-2");
    assertThat(store.findAlias("alias/doomed")).isEmpty();
    for (Grant grant : PreRegionsStoreFile.grants()) {
      assertThat(store.findGrant(grant.keyId(), grant.grantId())).contains(grant);
    }
    assertThat(store.findGrants(id(1), "111122223333"))
        .containsExactly(PreRegionsStoreFile.grants().get(0));
    assertThat(store.listGrants(id(1), ALICE, null, 100).items())
        .containsExactly(PreRegionsStoreFile.grants().get(0));
    assertThat(store.listRetirableGrants(RETIRER, null, 100).items())
        .containsExactly(PreRegionsStoreFile.grants().get(0), PreRegionsStoreFile.grants().get(2));
    assertThat(store.findCustomKeyStore(CUSTOM_KEY_STORE_ID))
        .contains(PreRegionsStoreFile.storedCustomKeyStore());
    assertThat(store.findCustomKeyStoreByName("cluster-store"))
        .contains(PreRegionsStoreFile.storedCustomKeyStore());
    assertThat(store.findDue(T.plus(Duration.ofDays(1000)), 100))
        .containsExactlyElementsOf(
            keys.stream()
                .filter(key -> key.dueAt() != null)
                .sorted(Comparator.comparing(KmsKey::dueAt))
                .map(KmsKey::keyId)
                .toList())
        .hasSize(3);
  }

  private static void assertCountsWhatWasWritten(KeyStore store) {
    assertThat(store.countCustomerKeys()).isEqualTo(CUSTOMER_KEYS);
    assertThat(store.countGrants(id(1))).isEqualTo(2);
    assertThat(store.countGrants(id(4))).isEqualTo(1);
    assertThat(store.countGrants(id(6))).isZero();
    assertThat(store.countAliases(id(4))).isEqualTo(1);
  }

  private static KeyLastUsage usage(KeyId keyId) {
    return new KeyLastUsage(keyId, "Encrypt", T.plusSeconds(600), "event", "request");
  }

  private Path unpacked() throws IOException {
    Path file = dir.resolve("keys.mv.db");
    try (InputStream in =
        new GZIPInputStream(
            Objects.requireNonNull(
                PreRegionsStoreFileTest.class.getResourceAsStream(PreRegionsStoreFile.RESOURCE),
                PreRegionsStoreFile.RESOURCE))) {
      Files.copy(in, file);
    }
    return file;
  }

  /** Every map of the file and its entries, read with MVStore alone. */
  private static Map<String, Map<String, String>> rawMaps(Path file) {
    MVStore mv = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      Map<String, Map<String, String>> maps = new TreeMap<>();
      for (String name : mv.getMapNames()) {
        MVMap<String, String> map =
            mv.openMap(
                name,
                new MVMap.Builder<String, String>()
                    .keyType(StringDataType.INSTANCE)
                    .valueType(StringDataType.INSTANCE));
        maps.put(name, new TreeMap<>(map));
      }
      return maps;
    } finally {
      mv.close();
    }
  }
}

package dev.serverlesskms.local;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.keyRotatingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.MultiRegionKeyType;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.KeyStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-backed store against the KeyStore contract, and what it keeps across close and reopen.
 */
class MvStoreKeyStoreFileTest extends KeyStoreContract<MvStoreKeyStore> {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dir;

  @Override
  protected MvStoreKeyStore newStore() {
    return MvStoreKeyStore.open(file());
  }

  @Override
  protected OptionalLong itemsRead(MvStoreKeyStore store) {
    return OptionalLong.of(store.itemsRead());
  }

  private Path file() {
    return dir.resolve("data/keys.mv.db");
  }

  @Test
  void reopen_afterClose_findsKeysAliasesRevisionsAndDueIndex() {
    KmsKey full = store.create(KeyFixtures.fullKey(), KeyFixtures.auditRecord());
    KmsKey rotating = store.create(keyRotatingAt(NOW.minusSeconds(60)), KeyFixtures.auditRecord());
    KmsKey updated =
        store.update(
            rotating.toBuilder().description("updated").build(), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/kept", updated.keyId()), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/dropped", updated.keyId()), KeyFixtures.auditRecord());
    store.deleteAlias("alias/dropped", KeyFixtures.auditRecord());
    store.close();

    store = MvStoreKeyStore.open(file());

    assertThat(store.find(full.keyId())).contains(full);
    assertThat(store.find(updated.keyId())).contains(updated);
    assertThat(updated.revision()).isEqualTo(2);
    assertThat(store.findAlias("alias/kept")).contains(alias("alias/kept", updated.keyId()));
    assertThat(store.findAlias("alias/dropped")).isEmpty();
    assertThat(store.countAliases(updated.keyId())).isEqualTo(1);
    assertThat(store.findDue(NOW, 10)).containsExactly(updated.keyId());
  }

  @Test
  void reopen_afterDelete_keyAndItsAliasesStayGone() {
    KmsKey key = store.create(keyRotatingAt(NOW.minusSeconds(60)), KeyFixtures.auditRecord());
    store.createAlias(alias("alias/app", key.keyId()), KeyFixtures.auditRecord());
    store.delete(key.keyId(), key.revision(), KeyFixtures.auditRecord());
    store.close();

    store = MvStoreKeyStore.open(file());

    assertThat(store.find(key.keyId())).isEmpty();
    assertThat(store.findAlias("alias/app")).isEmpty();
    assertThat(store.findDue(NOW, 10)).isEmpty();
    assertThat(store.listKeys(null, 10).items()).isEmpty();
  }

  @Test
  void open_createsTheFileForItsOwnerOnly() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void open_fileAlreadyOpen_throwsStoreUnavailable() {
    assertThatThrownBy(() -> MvStoreKeyStore.open(file()))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void open_fileThatIsNotAStore_throwsStoreUnavailable() throws IOException {
    Path garbage = dir.resolve("garbage.mv.db");
    Files.writeString(garbage, "not an MVStore file ".repeat(500));

    assertThatThrownBy(() -> MvStoreKeyStore.open(garbage))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void open_whereNoFileCanBeCreated_throwsStoreUnavailable() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> MvStoreKeyStore.open(notADirectory.resolve("keys.mv.db")))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void reopen_keepsEveryRegion_itsCounters_lastUsage_andMultiRegionConfigurations() {
    KeyStore other = store.inRegion("eu-west-1");
    KmsKey replica =
        other.create(
            KeyFixtures.enabledKey()
                .multiRegion(
                    new MultiRegion(MultiRegionKeyType.REPLICA, "us-east-1", List.of("eu-west-1")))
                .build(),
            KeyFixtures.auditRecord());
    other.createGrant(
        KeyFixtures.grant(replica.keyId(), "111122223333"), KeyFixtures.auditRecord());
    other.createAlias(alias("alias/there", replica.keyId()), KeyFixtures.auditRecord());
    KeyLastUsage used = new KeyLastUsage(replica.keyId(), "Decrypt", NOW, "event", "request");
    other.saveKeyLastUsage(List.of(used));
    KmsKey here = store.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
    store.close();

    store = MvStoreKeyStore.open(file());
    KeyStore reopened = store.inRegion("eu-west-1");

    assertThat(store.regions()).containsExactlyInAnyOrder("us-east-1", "eu-west-1");
    assertThat(reopened.find(replica.keyId())).contains(replica);
    assertThat(reopened.findAlias("alias/there")).isPresent();
    assertThat(reopened.countGrants(replica.keyId())).isEqualTo(1);
    assertThat(reopened.countCustomerKeys()).isEqualTo(1);
    assertThat(reopened.findKeyLastUsage(replica.keyId())).contains(used);
    assertThat(store.find(replica.keyId())).isEmpty();
    assertThat(store.find(here.keyId())).contains(here);
    assertThat(store.countCustomerKeys()).isEqualTo(1);
    assertThat(store.pendingRecords(10)).hasSize(4);
  }

  @Test
  void theDefaultRegion_isTheOneTheStoreWasOpenedFor() {
    KmsKey here = store.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
    store.close();

    store = MvStoreKeyStore.open(file(), "eu-north-1");

    assertThat(store.region()).isEqualTo("eu-north-1");
    assertThat(store.find(here.keyId())).as("the default region's maps").contains(here);
    assertThat(store.inRegion("eu-north-1")).isSameAs(store);
    assertThat(store.regions()).containsExactly("eu-north-1");
    assertThatThrownBy(() -> MvStoreKeyStore.open(dir.resolve("x.mv.db"), "not a region"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.serverlesskms.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.ConnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CreateCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CustomKeyStoresListEntry;
import dev.serverlesskms.core.api.DeleteCustomKeyStoreRequest;
import dev.serverlesskms.core.api.DescribeCustomKeyStoresRequest;
import dev.serverlesskms.core.api.DescribeCustomKeyStoresResponse;
import dev.serverlesskms.core.api.DisconnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.UpdateCustomKeyStoreRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.ConnectionState;
import dev.serverlesskms.core.model.CustomKeyStoreType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The six custom key store operations: AWS's connection states, limits and errors. */
class CustomKeyStoreOperationsTest {
  private final KmsFixture f = new KmsFixture();

  private CreateCustomKeyStoreRequest create(String name, String cluster) {
    return new CreateCustomKeyStoreRequest(
        name, cluster, KmsFixture.TRUST_ANCHOR, KmsFixture.TOKEN_PIN, null);
  }

  private ConnectionState state(String id) {
    return f.describeStore(id).connectionState();
  }

  @Test
  void aNewStore_isDisconnected_andDescribedWithoutItsPassword() {
    String id =
        f.call(f.kms.createCustomKeyStore, create("payments", KmsFixture.CLUSTERS.get(0)))
            .customKeyStoreId();

    assertThat(id).matches("cks-[0-9a-f]{17}");
    CustomKeyStoresListEntry entry = f.describeStore(id);
    assertThat(entry.customKeyStoreName()).isEqualTo("payments");
    assertThat(entry.cloudHsmClusterId()).isEqualTo(KmsFixture.CLUSTERS.get(0));
    assertThat(entry.trustAnchorCertificate()).isEqualTo(KmsFixture.TRUST_ANCHOR);
    assertThat(entry.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(entry.connectionErrorCode()).isNull();
    assertThat(entry.customKeyStoreType()).isEqualTo(CustomKeyStoreType.AWS_CLOUDHSM);
    assertThat(entry.creationDate()).isEqualTo(f.test.clock().instant());
    assertThat(entry.toString()).doesNotContain(KmsFixture.TOKEN_PIN);
    assertThat(f.test.store().findCustomKeyStore(id).orElseThrow().password().bytes())
        .as("stored sealed, never in the clear")
        .asString()
        .doesNotContain(KmsFixture.TOKEN_PIN);
    AuditEvent created = f.audit().get(0);
    assertThat(created.eventName()).isEqualTo("CreateCustomKeyStore");
    assertThat(created.requestParameters()).containsEntry("customKeyStoreName", "payments");
    for (AuditEvent event : f.audit()) {
      assertThat(AuditEventJson.toJson(event)).doesNotContain(KmsFixture.TOKEN_PIN);
    }
  }

  @Test
  void createRefuses_badRequests_withAwsErrors() {
    String cluster = KmsFixture.CLUSTERS.get(0);
    KmsException shortPassword =
        f.error(
            KmsErrorType.VALIDATION,
            f.kms.createCustomKeyStore,
            new CreateCustomKeyStoreRequest("s", cluster, KmsFixture.TRUST_ANCHOR, "abc123", null));
    assertThat(shortPassword.getMessage()).doesNotContain("abc123");
    f.error(
        KmsErrorType.VALIDATION,
        f.kms.createCustomKeyStore,
        new CreateCustomKeyStoreRequest(null, cluster, KmsFixture.TRUST_ANCHOR, "pin-1234", null));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        f.kms.createCustomKeyStore,
        new CreateCustomKeyStoreRequest(
            "xks", null, null, null, CustomKeyStoreType.EXTERNAL_KEY_STORE));
    f.error(
        KmsErrorType.CLOUD_HSM_CLUSTER_NOT_FOUND,
        f.kms.createCustomKeyStore,
        create("s", "cluster-0000000none"));
    f.error(
        KmsErrorType.INCORRECT_TRUST_ANCHOR,
        f.kms.createCustomKeyStore,
        new CreateCustomKeyStoreRequest(
            "s",
            cluster,
            "-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----",
            KmsFixture.TOKEN_PIN,
            null));
    f.call(f.kms.createCustomKeyStore, create("taken", cluster));
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_NAME_IN_USE,
        f.kms.createCustomKeyStore,
        create("taken", KmsFixture.CLUSTERS.get(1)));
    f.error(
        KmsErrorType.CLOUD_HSM_CLUSTER_IN_USE, f.kms.createCustomKeyStore, create("s2", cluster));
  }

  @Test
  void anAccountHoldsTenStores() {
    dev.serverlesskms.testkit.TestHsm hsm = new dev.serverlesskms.testkit.TestHsm();
    for (int i = 0; i < 11; i++) {
      hsm.declare("cluster-12345678a" + (10 + i), "token-" + i, "pin-pin-pin", null);
    }
    dev.serverlesskms.testkit.TestKms kms = dev.serverlesskms.testkit.TestKms.withHsm(hsm);
    for (int i = 0; i < 10; i++) {
      kms.call(
          kms.kms().createCustomKeyStore,
          new CreateCustomKeyStoreRequest(
              "s" + i, "cluster-12345678a" + (10 + i), "any", "pin-pin-pin", null));
    }
    try {
      kms.call(
          kms.kms().createCustomKeyStore,
          new CreateCustomKeyStoreRequest(
              "s10", "cluster-12345678a20", "any", "pin-pin-pin", null));
      throw new AssertionError("the 11th store was created");
    } catch (KmsException e) {
      assertThat(e.type()).isEqualTo(KmsErrorType.LIMIT_EXCEEDED);
    }
  }

  @Test
  void connect_goesThroughConnecting_toConnected_andLogsThisProcessIn() {
    String id = f.customKeyStore(false);

    f.call(f.kms.connectCustomKeyStore, new ConnectCustomKeyStoreRequest(id));

    assertThat(f.lastAudit().eventName()).isEqualTo("ConnectCustomKeyStore");
    assertThat(state(id)).isEqualTo(ConnectionState.CONNECTED);
    assertThat(f.hsm.loggedIn("token-0")).isTrue();
    // connecting a connected store is accepted and changes nothing
    f.call(f.kms.connectCustomKeyStore, new ConnectCustomKeyStoreRequest(id));
    assertThat(state(id)).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void aWrongPassword_failsTheConnection_withInvalidCredentials_untilDisconnectedAndFixed() {
    String id = f.customKeyStore(false);
    f.hsm.changePin("token-0", "the-new-pin");

    f.call(f.kms.connectCustomKeyStore, new ConnectCustomKeyStoreRequest(id));

    CustomKeyStoresListEntry failed = f.describeStore(id);
    assertThat(failed.connectionState()).isEqualTo(ConnectionState.FAILED);
    assertThat(failed.connectionErrorCode()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS);
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.connectCustomKeyStore,
        new ConnectCustomKeyStoreRequest(id));
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest(id, null, "the-new-pin", null));

    f.call(f.kms.disconnectCustomKeyStore, new DisconnectCustomKeyStoreRequest(id));
    assertThat(f.describeStore(id).connectionErrorCode()).isNull();
    f.call(
        f.kms.updateCustomKeyStore, new UpdateCustomKeyStoreRequest(id, null, "the-new-pin", null));
    f.call(f.kms.connectCustomKeyStore, new ConnectCustomKeyStoreRequest(id));
    assertThat(state(id)).isEqualTo(ConnectionState.CONNECTED);
    for (AuditEvent event : f.audit()) {
      assertThat(AuditEventJson.toJson(event)).doesNotContain("the-new-pin");
    }
  }

  @Test
  void disconnect_logsOut_andIsRefusedOnADisconnectedStore() {
    String id = f.customKeyStore(true);

    f.call(f.kms.disconnectCustomKeyStore, new DisconnectCustomKeyStoreRequest(id));

    assertThat(state(id)).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(f.hsm.loggedIn("token-0")).isFalse();
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.disconnectCustomKeyStore,
        new DisconnectCustomKeyStoreRequest(id));
  }

  @Test
  void update_renamesAnyTime_changesMoreOnlyWhileDisconnected_withUniqueNames_andRelatedClusters() {
    String connected = f.customKeyStore(true);
    String other = f.customKeyStore(false);
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest(connected, null, "another-pin", null));
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest(connected, "renamed", null, KmsFixture.CLUSTERS.get(0)));
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_NAME_IN_USE,
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest(other, "store-0", null, null));
    f.error(
        KmsErrorType.CLOUD_HSM_CLUSTER_NOT_RELATED,
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest(other, null, null, KmsFixture.CLUSTERS.get(2)));
    f.error(
        KmsErrorType.CLOUD_HSM_CLUSTER_NOT_FOUND,
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest(other, null, null, "cluster-0000000none"));
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest("cks-00000000000000000", "x", null, null));

    f.call(
        f.kms.updateCustomKeyStore, new UpdateCustomKeyStoreRequest(other, "renamed", null, null));

    assertThat(f.describeStore(other).customKeyStoreName()).isEqualTo("renamed");
  }

  @Test
  void update_movesAStoreToARelatedCluster_onTheSameToken() {
    f.hsm.declare("cluster-1234567abc9", "token-1", KmsFixture.TOKEN_PIN, null);
    f.customKeyStore(false);
    String store = f.customKeyStore(false); // on cluster 1, token-1

    f.call(
        f.kms.updateCustomKeyStore,
        new UpdateCustomKeyStoreRequest(store, null, null, "cluster-1234567abc9"));

    assertThat(f.describeStore(store).cloudHsmClusterId()).isEqualTo("cluster-1234567abc9");
  }

  @Test
  void delete_onlyDisconnected_andEmpty_keysPendingDeletionStillCount() {
    String id = f.customKeyStore(true);
    String keyId = f.keyInStore(id);
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.deleteCustomKeyStore,
        new DeleteCustomKeyStoreRequest(id));
    f.scheduleDeletion(keyId);
    f.call(f.kms.disconnectCustomKeyStore, new DisconnectCustomKeyStoreRequest(id));
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_HAS_CMKS,
        f.kms.deleteCustomKeyStore,
        new DeleteCustomKeyStoreRequest(id));

    f.advance(Duration.ofDays(31));
    assertThat(f.test.lifecycleJob().run().deleted()).isEqualTo(1);
    f.call(f.kms.deleteCustomKeyStore, new DeleteCustomKeyStoreRequest(id));

    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
        f.kms.describeCustomKeyStores,
        new DescribeCustomKeyStoresRequest(id, null, null, null));
    assertThat(f.lastAudit().errorCode()).isEqualTo("CustomKeyStoreNotFoundException");
  }

  @Test
  void describe_byName_byId_orAll_inPages() {
    String first = f.customKeyStore(false);
    String second = f.customKeyStore(false);

    assertThat(
            f.call(
                    f.kms.describeCustomKeyStores,
                    new DescribeCustomKeyStoresRequest(null, "store-1", null, null))
                .customKeyStores())
        .extracting(CustomKeyStoresListEntry::customKeyStoreId)
        .containsExactly(second);
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
        f.kms.describeCustomKeyStores,
        new DescribeCustomKeyStoresRequest(null, "nope", null, null));
    f.error(
        KmsErrorType.VALIDATION,
        f.kms.describeCustomKeyStores,
        new DescribeCustomKeyStoresRequest(first, "store-0", null, null));
    DescribeCustomKeyStoresResponse page =
        f.call(
            f.kms.describeCustomKeyStores, new DescribeCustomKeyStoresRequest(null, null, 1, null));
    assertThat(page.truncated()).isTrue();
    DescribeCustomKeyStoresResponse rest =
        f.call(
            f.kms.describeCustomKeyStores,
            new DescribeCustomKeyStoresRequest(null, null, 1, page.nextMarker()));
    assertThat(rest.truncated()).isFalse();
    assertThat(
            java.util.stream.Stream.concat(
                    page.customKeyStores().stream(), rest.customKeyStores().stream())
                .map(CustomKeyStoresListEntry::customKeyStoreId))
        .containsExactlyInAnyOrder(first, second);
    f.error(
        KmsErrorType.INVALID_MARKER,
        f.kms.describeCustomKeyStores,
        new DescribeCustomKeyStoresRequest(null, null, 1, "bm90LWEtbWFya2Vy"));
  }
}

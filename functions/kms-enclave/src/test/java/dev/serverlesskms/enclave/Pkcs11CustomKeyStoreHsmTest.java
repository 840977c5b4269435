package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.HsmConnectionException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Custom key stores on a real SoftHSM2 token: login with the store's password, keys generated in
 * the token as sensitive, never-extractable token objects, AES-GCM in the token, logout, and lazy
 * login by another instance (another Lambda) while the store is connected.
 */
class Pkcs11CustomKeyStoreHsmTest {
  private static final String CLUSTER = "cluster-softhsm00001";
  private static final byte[] AAD = "header+context".getBytes(StandardCharsets.UTF_8);

  private final SoftHsm softHsm = SoftHsm.get();
  private final RootKey rootKey = TestRootKeys.software(0x17);
  private final List<Pkcs11CustomKeyStoreHsm> instances = new ArrayList<>();
  private final List<CustomKeyStore> connected = new ArrayList<>();

  /** One process's view of the declared cluster (its own SunPKCS11 provider). */
  private Pkcs11CustomKeyStoreHsm instance() {
    Pkcs11CustomKeyStoreHsm hsm =
        new Pkcs11CustomKeyStoreHsm(
            List.of(
                new Pkcs11Cluster(
                    CLUSTER, softHsm.library(), softHsm.slot(SoftHsm.CKS_TOKEN), null)),
            rootKey,
            new SecureRandom());
    instances.add(hsm);
    return hsm;
  }

  private static CustomKeyStore store(Pkcs11CustomKeyStoreHsm hsm, String password) {
    String id = CustomKeyStore.newId();
    return CustomKeyStore.create(
        id, "store", CLUSTER, "pem", hsm.sealPassword(id, password), Instant.now());
  }

  private CustomKeyStore connectedStore(Pkcs11CustomKeyStoreHsm hsm) {
    CustomKeyStore store = store(hsm, SoftHsm.USER_PIN);
    hsm.connect(store);
    connected.add(store);
    return store;
  }

  @AfterEach
  void logOut() {
    // A PKCS#11 login is the process's: leave the token logged out for the next test.
    for (Pkcs11CustomKeyStoreHsm hsm : instances) {
      for (CustomKeyStore store : connected) {
        hsm.disconnect(store);
      }
    }
  }

  private String tokenObjects() {
    return softHsm.run(
        "pkcs11-tool",
        "--module",
        softHsm.library().toString(),
        "--slot",
        Long.toString(softHsm.slot(SoftHsm.CKS_TOKEN)),
        "--login",
        "--pin",
        SoftHsm.USER_PIN,
        "--list-objects",
        "--type",
        "secrkey");
  }

  private static String objectBlock(String listing, String label) {
    int at = listing.indexOf("label:      " + label);
    assertThat(at).as("token object %s in:\n%s", label, listing).isNotNegative();
    int start = listing.lastIndexOf("Secret Key Object", at);
    int next = listing.indexOf("Secret Key Object", at);
    return listing.substring(start, next < 0 ? listing.length() : next);
  }

  @Test
  void aKeyIsGeneratedInTheToken_asASensitiveNeverExtractableTokenObject() {
    Pkcs11CustomKeyStoreHsm hsm = instance();
    CustomKeyStore store = connectedStore(hsm);
    KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);

    Enclave.NewKeyVersion version = hsm.generateKey(store, ref);

    String label = "kms-" + ref.keyId().value() + "-v1";
    assertThat(new String(version.material().bytes(), StandardCharsets.UTF_8)).isEqualTo(label);
    assertThat(version.materialId()).matches("[0-9a-f]{64}");
    String object = objectBlock(tokenObjects(), label);
    assertThat(object)
        .contains("AES length 32")
        .containsPattern("Usage: +encrypt, decrypt\\n")
        .contains("sensitive")
        .contains("never extractable")
        .contains("local");
    assertThat(object).doesNotContain("wrap");
  }

  @Test
  void sealAndOpen_inTheToken_authenticateTheAad_andTheVersion() {
    Pkcs11CustomKeyStoreHsm hsm = instance();
    CustomKeyStore store = connectedStore(hsm);
    KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);
    WrappedKey key = hsm.generateKey(store, ref).material();
    byte[] plaintext = "4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8);

    byte[] sealed = hsm.seal(store, ref, key, plaintext, AAD);

    assertThat(sealed).hasSize(12 + plaintext.length + 16);
    assertThat(hsm.open(store, ref, key, sealed, AAD)).isEqualTo(plaintext);
    assertThatThrownBy(() -> hsm.open(store, ref, key, sealed, "other".getBytes()))
        .isInstanceOf(EnclaveAuthenticationException.class);
    KeyVersionRef other = new KeyVersionRef(ref.keyId(), 2);
    assertThatThrownBy(() -> hsm.open(store, other, key, sealed, AAD))
        .isInstanceOf(KeyMaterialUnavailableException.class);
    Enclave.DataKey dataKey = hsm.generateDataKey(store, ref, key, 32, AAD);
    assertThat(hsm.open(store, ref, key, dataKey.sealed(), AAD)).isEqualTo(dataKey.plaintext());
    assertThat(hsm.generateRandom(store, 1024)).hasSize(1024);
  }

  @Test
  void aWrongPassword_isInvalidCredentials_andNeverShown() {
    Pkcs11CustomKeyStoreHsm hsm = instance();
    CustomKeyStore store = store(hsm, "wrong-pin-42");

    assertThatThrownBy(() -> hsm.connect(store))
        .isInstanceOfSatisfying(
            HsmConnectionException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS))
        .hasMessageNotContaining("wrong-pin-42");
    assertThatThrownBy(() -> hsm.generateRandom(store, 16))
        .as("no lazy login either")
        .isInstanceOf(KeyMaterialUnavailableException.class);
  }

  @Test
  void disconnect_logsTheProcessOut_soAWrongPasswordFailsAgain() {
    Pkcs11CustomKeyStoreHsm hsm = instance();
    CustomKeyStore store = connectedStore(hsm);

    hsm.disconnect(store);

    Pkcs11CustomKeyStoreHsm later = instance();
    assertThatThrownBy(() -> later.connect(store(later, "wrong-pin-42")))
        .isInstanceOfSatisfying(
            HsmConnectionException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS));
  }

  @Test
  void anotherInstance_logsInLazily_andFindsTheKeyByItsLabel() {
    Pkcs11CustomKeyStoreHsm first = instance();
    CustomKeyStore store = connectedStore(first);
    KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);
    WrappedKey key = first.generateKey(store, ref).material();
    byte[] sealed = first.seal(store, ref, key, new byte[] {1, 2, 3}, AAD);
    first.disconnect(store);

    Pkcs11CustomKeyStoreHsm second = instance();

    assertThat(second.open(store, ref, key, sealed, AAD)).containsExactly(1, 2, 3);
  }

  @Test
  void destroyKey_removesTheTokenObject() {
    Pkcs11CustomKeyStoreHsm hsm = instance();
    CustomKeyStore store = connectedStore(hsm);
    KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);
    WrappedKey key = hsm.generateKey(store, ref).material();

    hsm.destroyKey(store, ref, key);

    assertThat(tokenObjects()).doesNotContain("kms-" + ref.keyId().value());
    assertThatThrownBy(() -> hsm.seal(store, ref, key, new byte[] {1}, AAD))
        .isInstanceOf(KeyMaterialUnavailableException.class);
  }

  @Test
  void passwords_areSealedUnderTheRootKey_boundToTheirStore() {
    Pkcs11CustomKeyStoreHsm hsm = instance();
    CustomKeyStore store = store(hsm, SoftHsm.USER_PIN);
    assertThat(new String(store.password().bytes(), StandardCharsets.ISO_8859_1))
        .doesNotContain(SoftHsm.USER_PIN);
    CustomKeyStore moved =
        CustomKeyStore.create(
            CustomKeyStore.newId(), "other", CLUSTER, "pem", store.password(), Instant.now());

    assertThatThrownBy(() -> hsm.connect(moved))
        .isInstanceOfSatisfying(
            HsmConnectionException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectionErrorCode.INTERNAL_ERROR));
  }

  @Test
  void anUndeclaredCluster_orAMissingToken_isClusterNotFound() {
    Pkcs11CustomKeyStoreHsm hsm = instance();
    String id = CustomKeyStore.newId();
    CustomKeyStore undeclared =
        CustomKeyStore.create(
            id,
            "s",
            "cluster-notdeclared0",
            "pem",
            hsm.sealPassword(id, SoftHsm.USER_PIN),
            Instant.now());
    assertThatThrownBy(() -> hsm.connect(undeclared))
        .isInstanceOfSatisfying(
            HsmConnectionException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectionErrorCode.CLUSTER_NOT_FOUND));

    Pkcs11CustomKeyStoreHsm noToken =
        new Pkcs11CustomKeyStoreHsm(
            List.of(new Pkcs11Cluster(CLUSTER, softHsm.library(), 987654321L, null)),
            rootKey,
            new SecureRandom());
    CustomKeyStore store = store(noToken, SoftHsm.USER_PIN);
    assertThatThrownBy(() -> noToken.connect(store))
        .isInstanceOfSatisfying(
            HsmConnectionException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectionErrorCode.CLUSTER_NOT_FOUND));
  }

  @Test
  void aLoginFailuresPkcs11ReturnValue_isNamed_andNothingElseOfTheProvidersMessage() {
    Exception provider =
        new java.security.ProviderException(
            "token 7 said sun.security.pkcs11.wrapper.PKCS11Exception: CKR_TOKEN_NOT_PRESENT now");
    HsmConnectionException failure =
        new HsmConnectionException(
            ConnectionErrorCode.CLUSTER_NOT_FOUND,
            "cannot log in to the token of cluster c (slot 1)",
            new IllegalStateException("wrapped", provider));

    assertThat(Pkcs11CustomKeyStoreHsm.pkcs11Reason(failure)).isEqualTo(" (CKR_TOKEN_NOT_PRESENT)");
    assertThat(
            Pkcs11CustomKeyStoreHsm.pkcs11Reason(
                new HsmConnectionException(
                    ConnectionErrorCode.INTERNAL_ERROR, "no SunPKCS11 provider", null)))
        .isEmpty();
  }
}

package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The root key in a real SoftHSM2 token: created, found again, and never extractable. */
class Pkcs11RootKeyTest {
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MATERIAL = TestRootKeys.bytes(0x42);

  private final SoftHsm hsm = SoftHsm.get();

  @Test
  void open_whenAbsentAndCreationAllowed_createsTheKeyThatLaterStartsFind() throws Exception {
    Pkcs11RootKeyConfig create = hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true);
    byte[] wrapped;
    try (RootKey created = Pkcs11RootKey.open(create, SoftHsm.pin())) {
      wrapped = created.wrap(MATERIAL, AAD);
    }

    Pkcs11RootKeyConfig findOnly =
        new Pkcs11RootKeyConfig(create.library(), create.slot(), create.keyLabel(), false);
    try (RootKey found = Pkcs11RootKey.open(findOnly, SoftHsm.pin())) {
      assertThat(found.unwrap(wrapped, AAD)).isEqualTo(MATERIAL);
      assertThat(found.id()).isEqualTo("pkcs11:" + create.keyLabel());
    }
  }

  @Test
  void open_whenAbsentAndCreationDisabled_refusesToStart() {
    Pkcs11RootKeyConfig config = hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, false);

    assertThatThrownBy(() -> Pkcs11RootKey.open(config, SoftHsm.pin()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("no root key labelled '" + config.keyLabel() + "'");
  }

  @Test
  void open_withWrongPin_refusesToStartWithoutShowingThePin() {
    // A token of its own: a PKCS#11 login is per process and token, and must not have happened yet.
    Pkcs11RootKeyConfig config = hsm.newKeyConfig(SoftHsm.LOGIN_TOKEN, true);

    assertThatThrownBy(() -> Pkcs11RootKey.open(config, "wrong-pin-1".toCharArray()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("cannot log in to PKCS#11 slot " + config.slot())
        .hasMessageNotContaining("wrong-pin-1");
  }

  @Test
  void open_withUnknownLibrary_refusesToStart() {
    Pkcs11RootKeyConfig config =
        new Pkcs11RootKeyConfig(
            hsm.library().resolveSibling("no-such-pkcs11.so"),
            hsm.slot(SoftHsm.ENCLAVE_TOKEN),
            "x",
            true);

    assertThatThrownBy(() -> Pkcs11RootKey.open(config, SoftHsm.pin()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("cannot use PKCS#11 library");
  }

  @Test
  void open_wipesThePin() {
    char[] pin = SoftHsm.pin();

    Pkcs11RootKey.open(hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true), pin).close();

    assertThat(pin).containsOnly('\0');
  }

  @Test
  void createdKey_cannotBeReadOutOfTheToken() throws Exception {
    Pkcs11RootKeyConfig config = hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true);
    Pkcs11RootKey.open(config, SoftHsm.pin()).close();

    Provider provider = provider(config, "");
    KeyStore token = KeyStore.getInstance("PKCS11", provider);
    token.load(null, SoftHsm.pin());
    Key key = token.getKey(config.keyLabel(), null);

    assertThat(key).isInstanceOf(SecretKey.class);
    assertThat(key.getEncoded()).isNull();
    assertThatThrownBy(
            () ->
                SecretKeyFactory.getInstance("AES", provider)
                    .getKeySpec((SecretKey) key, SecretKeySpec.class))
        .hasMessageContaining("Could not obtain key bytes");
  }

  @Test
  void createdKey_isSensitiveNeverExtractableAndOnlyEncryptsAndDecrypts() {
    Pkcs11RootKeyConfig config = hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true);
    Pkcs11RootKey.open(config, SoftHsm.pin()).close();

    // Read the attributes with OpenSC, independently of the JDK's PKCS#11 code.
    String objects =
        hsm.run(
            "pkcs11-tool",
            "--module",
            hsm.library().toString(),
            "--slot",
            Long.toString(config.slot()),
            "--login",
            "--pin",
            SoftHsm.USER_PIN,
            "--list-objects",
            "--type",
            "secrkey");
    String ours = objects.substring(objects.indexOf("label:      " + config.keyLabel()));

    assertThat(ours.lines().limit(3))
        .containsExactly(
            "label:      " + config.keyLabel(),
            "  Usage:      encrypt, decrypt",
            "  Access:     sensitive, always sensitive, never extractable, local");
  }

  @Test
  void open_whenTheLabelledKeyIsExtractable_refusesToStart() throws Exception {
    Pkcs11RootKeyConfig config = hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, false);
    Provider extractableTemplate =
        provider(
            config,
            "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_TOKEN = true\n  CKA_SENSITIVE = false\n  CKA_EXTRACTABLE = true\n"
                + "  CKA_LABEL = 0h"
                + HexFormat.of().formatHex(config.keyLabel().getBytes(StandardCharsets.UTF_8))
                + "\n}\n");
    KeyStore.getInstance("PKCS11", extractableTemplate).load(null, SoftHsm.pin());
    KeyGenerator generator = KeyGenerator.getInstance("AES", extractableTemplate);
    generator.init(256);
    generator.generateKey();

    assertThatThrownBy(() -> Pkcs11RootKey.open(config, SoftHsm.pin()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("can be extracted from the token");
  }

  @Test
  void wrap_isIvCiphertextTag_andUnwrapChecksTheAad() {
    try (RootKey rootKey =
        Pkcs11RootKey.open(hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true), SoftHsm.pin())) {
      byte[] wrapped = rootKey.wrap(MATERIAL, AAD);

      assertThat(wrapped).hasSize(12 + 32 + 16);
      assertThat(rootKey.wrap(MATERIAL, AAD)).isNotEqualTo(wrapped);
      assertThatThrownBy(() -> rootKey.unwrap(wrapped, "other".getBytes(StandardCharsets.US_ASCII)))
          .isInstanceOf(RootKeyUnwrapException.class);
      assertThatThrownBy(() -> rootKey.unwrap(new byte[27], AAD))
          .isInstanceOf(RootKeyUnwrapException.class);
    }
  }

  @Test
  void unwrap_afterAFailedUnwrap_stillWorks() throws Exception {
    try (RootKey rootKey =
        Pkcs11RootKey.open(hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true), SoftHsm.pin())) {
      byte[] wrapped = rootKey.wrap(MATERIAL, AAD);
      byte[] tampered = wrapped.clone();
      tampered[20] ^= 1;

      assertThatThrownBy(() -> rootKey.unwrap(tampered, AAD))
          .isInstanceOf(RootKeyUnwrapException.class);
      assertThat(rootKey.unwrap(wrapped, AAD)).isEqualTo(MATERIAL);
    }
  }

  @Test
  void wrap_afterClose_throws() {
    RootKey rootKey =
        Pkcs11RootKey.open(hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true), SoftHsm.pin());
    rootKey.close();

    assertThatThrownBy(() -> rootKey.wrap(MATERIAL, AAD)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toString_namesTheLabelOnly() {
    Pkcs11RootKeyConfig config = hsm.newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true);
    try (RootKey rootKey = Pkcs11RootKey.open(config, SoftHsm.pin())) {
      assertThat(rootKey).hasToString("Pkcs11RootKey[pkcs11:" + config.keyLabel() + "]");
    }
  }

  /** A SunPKCS11 provider of the test's own on the same slot, with {@code extra} configuration. */
  private static Provider provider(Pkcs11RootKeyConfig config, String extra) {
    return Security.getProvider("SunPKCS11")
        .configure(
            "--name = test\nlibrary = "
                + config.library()
                + "\nslot = "
                + config.slot()
                + "\n"
                + extra);
  }
}

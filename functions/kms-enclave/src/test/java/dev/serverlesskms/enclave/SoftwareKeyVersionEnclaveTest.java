package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave.ImportParameters;
import dev.serverlesskms.core.port.Enclave.NewKeyVersion;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import dev.serverlesskms.crypto.AsymmetricPrivateKey;
import dev.serverlesskms.crypto.AsymmetricSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The enclave contract on the software root key, plus checks of the documented byte formats with an
 * independent implementation (the JDK's SunJCE instead of Bouncy Castle).
 */
class SoftwareKeyVersionEnclaveTest extends KeyVersionEnclaveContract {
  private static final int ROOT_FILL = 0x11;

  @Override
  RootKey openRootKey() {
    return TestRootKeys.software(ROOT_FILL);
  }

  @Override
  RootKey openOtherRootKey() {
    return TestRootKeys.software(0x22);
  }

  @Test
  void wrappedKey_isFormatByteThenRootKeyGcmOverTheDocumentedAad_andMaterialIdMatches()
      throws Exception {
    KeyVersionRef ref = newRef(7);
    NewKeyVersion version = enclave.generateKeyVersion(ref);
    String rootKeyId;
    try (RootKey rootKey = openRootKey()) {
      rootKeyId = rootKey.id();
    }
    byte[] aad =
        concat(
            "serverless-kms/key-version/v1".getBytes(StandardCharsets.US_ASCII),
            ref.keyId().toBytes(),
            ByteBuffer.allocate(4).putInt(7).array(),
            rootKeyId.getBytes(StandardCharsets.US_ASCII));
    byte[] wrapped = version.material().bytes();

    byte[] iv = Arrays.copyOfRange(wrapped, 1, 13);
    byte[] material = jceGcmDecrypt(TestRootKeys.bytes(ROOT_FILL), iv, wrapped, 13, aad);

    assertThat(wrapped[0]).isEqualTo((byte) 1);
    assertThat(material).hasSize(32);
    byte[] expectedId =
        MessageDigest.getInstance("SHA-256")
            .digest(
                concat(
                    "serverless-kms/material-id/v1".getBytes(StandardCharsets.US_ASCII),
                    ref.keyId().toBytes(),
                    material));
    assertThat(version.materialId()).isEqualTo(HexFormat.of().formatHex(expectedId));
  }

  @Test
  void wrappedKeyV2_bindsTheSpec_andHoldsThePkcs8OrTheHmacKey() throws Exception {
    String rootKeyId;
    try (RootKey rootKey = openRootKey()) {
      rootKeyId = rootKey.id();
    }
    for (KeySpec spec : List.of(KeySpec.ECC_NIST_P256, KeySpec.HMAC_384)) {
      KeyVersionRef ref = newRef(3);
      NewKeyVersion version = enclave.generateKeyVersion(ref, spec);
      byte[] specName = spec.name().getBytes(StandardCharsets.US_ASCII);
      byte[] aad =
          concat(
              "serverless-kms/key-version/v2".getBytes(StandardCharsets.US_ASCII),
              ref.keyId().toBytes(),
              ByteBuffer.allocate(4).putInt(3).array(),
              new byte[] {(byte) specName.length},
              specName,
              rootKeyId.getBytes(StandardCharsets.US_ASCII));
      byte[] wrapped = version.material().bytes();
      byte[] material =
          jceGcmDecrypt(
              TestRootKeys.bytes(ROOT_FILL), Arrays.copyOfRange(wrapped, 1, 13), wrapped, 13, aad);

      assertThat(wrapped[0]).isEqualTo((byte) 2);
      if (spec.isHmac()) {
        assertThat(material).hasSize(48);
      } else {
        // a PKCS#8 key whose public half is the version's public key
        assertThat(
                AsymmetricPrivateKey.fromPkcs8(AsymmetricSpec.ECC_NIST_P256, material)
                    .publicKey()
                    .encoded())
            .isEqualTo(enclave.publicKey(ref, spec, version.material()));
      }
      byte[] expectedId =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  concat(
                      "serverless-kms/material-id/v1".getBytes(StandardCharsets.US_ASCII),
                      ref.keyId().toBytes(),
                      material));
      assertThat(version.materialId()).isEqualTo(HexFormat.of().formatHex(expectedId));
    }
  }

  /**
   * A version-1 blob as stored before issue 11 (written by this test with the JDK's GCM over the
   * documented AAD, under the fixed test root key) still unwraps and seals; an HMAC version is not
   * usable as a symmetric one, nor the other way round.
   */
  @Test
  void storedV1Blobs_keepWorking_andFormatsDoNotMix() throws Exception {
    KeyVersionRef ref = newRef(1);
    String rootKeyId;
    try (RootKey rootKey = openRootKey()) {
      rootKeyId = rootKey.id();
    }
    byte[] material = new byte[32];
    Arrays.fill(material, (byte) 0x5a);
    byte[] iv = new byte[12];
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(TestRootKeys.bytes(ROOT_FILL), "AES"),
        new GCMParameterSpec(128, iv));
    gcm.updateAAD(
        concat(
            "serverless-kms/key-version/v1".getBytes(StandardCharsets.US_ASCII),
            ref.keyId().toBytes(),
            ByteBuffer.allocate(4).putInt(1).array(),
            rootKeyId.getBytes(StandardCharsets.US_ASCII)));
    WrappedKey stored = new WrappedKey(concat(new byte[] {1}, iv, gcm.doFinal(material)));

    byte[] sealed = enclave.seal(ref, stored, PLAINTEXT, AAD);
    assertThat(enclave.open(ref, stored, sealed, AAD)).isEqualTo(PLAINTEXT);
    byte[] nonce = Arrays.copyOf(sealed, 16);
    byte[] okm = jceHkdfSha256(material, nonce, "serverless-kms/v1/message-key", 44);
    assertThat(
            jceGcmDecrypt(Arrays.copyOf(okm, 32), Arrays.copyOfRange(okm, 32, 44), sealed, 16, AAD))
        .isEqualTo(PLAINTEXT);

    assertThatThrownBy(
            () ->
                enclave.generateMac(
                    ref, KeySpec.HMAC_256, stored, MacAlgorithm.HMAC_SHA_256, PLAINTEXT))
        .isInstanceOf(KeyMaterialUnavailableException.class);
    KeyVersionRef hmacRef = newRef(1);
    WrappedKey hmac = enclave.generateKeyVersion(hmacRef, KeySpec.HMAC_256).material();
    assertThatThrownBy(() -> enclave.seal(hmacRef, hmac, PLAINTEXT, AAD))
        .isInstanceOf(KeyMaterialUnavailableException.class);
  }

  @Test
  void sealedPayload_isNonceThenGcmUnderTheHkdfDerivedKeyAndIv() throws Exception {
    KeyVersionRef ref = newRef(1);
    NewKeyVersion version = enclave.generateKeyVersion(ref);
    byte[] versionKey = unwrapWithRootKey(ref, version);
    byte[] sealed = enclave.seal(ref, version.material(), PLAINTEXT, AAD);

    byte[] nonce = Arrays.copyOf(sealed, 16);
    byte[] okm = jceHkdfSha256(versionKey, nonce, "serverless-kms/v1/message-key", 44);
    byte[] opened =
        jceGcmDecrypt(Arrays.copyOf(okm, 32), Arrays.copyOfRange(okm, 32, 44), sealed, 16, AAD);

    assertThat(opened).isEqualTo(PLAINTEXT);
  }

  @Test
  void construction_withRootKeyThatIgnoresAad_refusesToStart() {
    assertThatThrownBy(
            () ->
                new KeyVersionEnclave(new SelfTestTest.BrokenRootKey(false), new SecureRandom(), 4))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("pairwise");
  }

  @Test
  void toString_showsNoRootKeyBytes() {
    assertThat(enclave.toString())
        .doesNotContain(HexFormat.of().formatHex(TestRootKeys.bytes(ROOT_FILL), 0, 4));
  }

  @Test
  void importedVersion_wrapsExactlyTheCustomersMaterial_underTheMaterialIdOfGeneratedVersions()
      throws Exception {
    byte[] material = CustomerKeyWrapping.randomBytes(32);

    NewKeyVersion imported = importAsCustomer(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, material);

    assertThat(unwrapWithRootKey(importRef, imported)).isEqualTo(material);
    byte[] expectedId =
        MessageDigest.getInstance("SHA-256")
            .digest(
                concat(
                    "serverless-kms/material-id/v1".getBytes(StandardCharsets.US_ASCII),
                    importRef.keyId().toBytes(),
                    material));
    assertThat(imported.materialId()).isEqualTo(HexFormat.of().formatHex(expectedId));
  }

  @Test
  void importToken_isFormatByteThenRootKeyGcmOverTheDocumentedAadAndPayload() throws Exception {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256);
    byte[] token = parameters.importToken();
    String rootKeyId;
    try (RootKey rootKey = openRootKey()) {
      rootKeyId = rootKey.id();
    }
    byte[] aad =
        concat(
            "serverless-kms/import-token/v1".getBytes(StandardCharsets.US_ASCII),
            importRef.keyId().toBytes(),
            rootKeyId.getBytes(StandardCharsets.US_ASCII));

    byte[] payload =
        jceGcmDecrypt(
            TestRootKeys.bytes(ROOT_FILL), Arrays.copyOfRange(token, 1, 13), token, 13, aad);

    assertThat(token[0]).isEqualTo((byte) 1);
    ByteBuffer fields = ByteBuffer.wrap(payload);
    byte[] keyId = new byte[16];
    fields.get(keyId);
    assertThat(keyId).isEqualTo(importRef.keyId().toBytes());
    assertThat(fields.get()).as("algorithm code").isEqualTo((byte) 4);
    assertThat(fields.getLong()).isEqualTo(VALID_TO.getEpochSecond());
    assertThat(fields.getInt()).isEqualTo(VALID_TO.getNano());
    byte[] pkcs8 = Arrays.copyOfRange(payload, fields.position(), payload.length);
    RSAPrivateCrtKey privateKey =
        (RSAPrivateCrtKey)
            KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    RSAPublicKey publicKey = (RSAPublicKey) CustomerKeyWrapping.publicKey(parameters.publicKey());
    assertThat(privateKey.getModulus()).isEqualTo(publicKey.getModulus());
    assertThat(token).hasSize(1 + 12 + payload.length + 16);
  }

  @Test
  void createImportParameters_forRsa3072_givesA3072BitKeyThatImports() {
    KeyVersionRef ref = newRef(1);
    ImportParameters parameters =
        enclave.createImportParameters(
            ref.keyId(), WrappingKeySpec.RSA_3072, WrappingAlgorithm.RSAES_OAEP_SHA_1, VALID_TO);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSAES_OAEP_SHA_1,
            parameters.publicKey(),
            CustomerKeyWrapping.randomBytes(32));

    NewKeyVersion imported =
        enclave.importKeyMaterial(ref, parameters.importToken(), encrypted, VALID_TO);

    RSAPublicKey publicKey = (RSAPublicKey) CustomerKeyWrapping.publicKey(parameters.publicKey());
    assertThat(publicKey.getModulus().bitLength()).isEqualTo(3072);
    assertThat(encrypted).hasSize(384);
    assertThat(imported.materialId()).matches("[0-9a-f]{64}");
  }

  private byte[] unwrapWithRootKey(KeyVersionRef ref, NewKeyVersion version) throws Exception {
    try (RootKey rootKey = openRootKey()) {
      byte[] wrapped = version.material().bytes();
      return rootKey.unwrap(
          Arrays.copyOfRange(wrapped, 1, wrapped.length),
          concat(
              "serverless-kms/key-version/v1".getBytes(StandardCharsets.US_ASCII),
              ref.keyId().toBytes(),
              ByteBuffer.allocate(4).putInt(ref.version()).array(),
              rootKey.id().getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private static byte[] jceGcmDecrypt(byte[] key, byte[] iv, byte[] input, int offset, byte[] aad)
      throws Exception {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    return cipher.doFinal(input, offset, input.length - offset);
  }

  /** RFC 5869 written out with the JDK's HMAC, independently of the enclave's HKDF. */
  private static byte[] jceHkdfSha256(byte[] ikm, byte[] salt, String info, int length)
      throws Exception {
    Mac extract = Mac.getInstance("HmacSHA256");
    extract.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = extract.doFinal(ikm);
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] okm = new byte[0];
    byte[] block = new byte[0];
    for (int counter = 1; okm.length < length; counter++) {
      expand.update(block);
      expand.update(info.getBytes(StandardCharsets.US_ASCII));
      expand.update((byte) counter);
      block = expand.doFinal();
      okm = concat(okm, block);
    }
    return Arrays.copyOf(okm, length);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      buffer.put(part);
    }
    return buffer.array();
  }
}

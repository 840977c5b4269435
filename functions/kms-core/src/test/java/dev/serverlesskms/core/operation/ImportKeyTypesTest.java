package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.Requests.deleteImportedKeyMaterial;
import static dev.serverlesskms.core.operation.Requests.getParametersForImport;
import static dev.serverlesskms.core.operation.Requests.importKeyMaterial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.GetParametersForImportResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.crypto.AsymmetricPrivateKey;
import dev.serverlesskms.crypto.AsymmetricSpec;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Import of RSA, ECC and HMAC key material (GetParametersForImport, ImportKeyMaterial): PKCS#8
 * private keys and raw HMAC keys, AWS's rules on which wrapping carries which material, material
 * not of the key's spec refused, one material for life, and no rotation of the keys they make.
 */
class ImportKeyTypesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final WrappingAlgorithm OAEP_256 = WrappingAlgorithm.RSAES_OAEP_SHA_256;
  private static final WrappingAlgorithm KEY_WRAP_256 = WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256;

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  private String externalKey(KeySpec spec) {
    KeyUsage usage =
        spec.isHmac()
            ? KeyUsage.GENERATE_VERIFY_MAC
            : spec.family() == KeySpec.Family.RSA ? KeyUsage.ENCRYPT_DECRYPT : KeyUsage.SIGN_VERIFY;
    return f.seedKey(
        key ->
            key.keySpec(spec)
                .keyUsage(usage)
                .origin(Origin.EXTERNAL)
                .state(KeyState.PENDING_IMPORT)
                .versions(List.of()));
  }

  private String importInto(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKey, byte[] material) {
    GetParametersForImportResponse parameters = f.parameters(keyId, algorithm, wrappingKey);
    return f.call(
            kms.importKeyMaterial,
            importKeyMaterial(keyId)
                .token(parameters.importToken())
                .material(CustomerKeyWrapping.wrap(algorithm, parameters.publicKey(), material))
                .neverExpires()
                .build())
        .keyMaterialId();
  }

  private byte[] publicKeyOf(String keyId) {
    KmsKey key = f.stored(keyId);
    return f.test
        .enclave()
        .publicKey(
            new KeyVersionRef(key.keyId(), 1),
            key.keySpec(),
            key.version(1).orElseThrow().material());
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "ECC_NIST_P256",
        "ECC_NIST_P384",
        "ECC_NIST_P521",
        "ECC_SECG_P256K1"
      })
  void aPkcs8PrivateKeyImports_andTheKeyIsThatKey(KeySpec spec) {
    AsymmetricPrivateKey original =
        AsymmetricPrivateKey.generate(AsymmetricSpec.valueOf(spec.name()), RANDOM);
    String keyId = externalKey(spec);

    String materialId = importInto(keyId, KEY_WRAP_256, WrappingKeySpec.RSA_2048, original.pkcs8());

    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
    assertThat(materialId).matches("[0-9a-f]{64}");
    assertThat(publicKeyOf(keyId)).isEqualTo(original.publicKey().encoded());
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"RSA_2048", "RSA_3072", "RSA_4096"})
  void rsaPrivateKeysRefuseRsaesOaep(KeySpec spec) {
    String keyId = externalKey(spec);
    for (WrappingAlgorithm algorithm :
        List.of(WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingAlgorithm.RSAES_OAEP_SHA_256)) {
      for (WrappingKeySpec wrappingKey :
          List.of(WrappingKeySpec.RSA_2048, WrappingKeySpec.RSA_4096)) {
        assertThat(
                f.error(
                    KmsErrorType.VALIDATION,
                    kms.getParametersForImport,
                    getParametersForImport(keyId, algorithm, wrappingKey)))
            .hasMessage(
                "The wrapping algorithm "
                    + algorithm
                    + " cannot wrap RSA private key material. Use RSA_AES_KEY_WRAP_SHA_256 or"
                    + " RSA_AES_KEY_WRAP_SHA_1.");
      }
    }
    f.parameters(keyId, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, WrappingKeySpec.RSA_2048);
  }

  @Test
  void eccP521DoesNotGoUnderRsa2048WithRsaesOaep_butDoesUnderALongerKeyOrKeyWrap() {
    String keyId = externalKey(KeySpec.ECC_NIST_P521);
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.getParametersForImport,
                getParametersForImport(keyId, OAEP_256, WrappingKeySpec.RSA_2048)))
        .hasMessage(
            "You cannot use the RSAES_OAEP_SHA_256 wrapping algorithm with the RSA_2048 wrapping"
                + " key spec to wrap ECC_NIST_P521 key material. Use a longer wrapping key or an"
                + " RSA_AES_KEY_WRAP_SHA_* wrapping algorithm.");
    f.error(
        KmsErrorType.VALIDATION,
        kms.getParametersForImport,
        getParametersForImport(
            keyId, WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_2048));
    f.parameters(keyId, KEY_WRAP_256, WrappingKeySpec.RSA_2048);

    AsymmetricPrivateKey original =
        AsymmetricPrivateKey.generate(AsymmetricSpec.ECC_NIST_P521, RANDOM);
    importInto(keyId, OAEP_256, WrappingKeySpec.RSA_3072, original.pkcs8());
    assertThat(publicKeyOf(keyId)).isEqualTo(original.publicKey().encoded());
  }

  @Test
  void eccKeysImportWithRsaesOaepToo() {
    AsymmetricPrivateKey original =
        AsymmetricPrivateKey.generate(AsymmetricSpec.ECC_NIST_P256, RANDOM);
    String keyId = externalKey(KeySpec.ECC_NIST_P256);
    importInto(
        keyId, WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_2048, original.pkcs8());
    assertThat(publicKeyOf(keyId)).isEqualTo(original.publicKey().encoded());
  }

  @Test
  void materialNotOfTheKeysSpec_isIncorrectKeyMaterial_withoutTheMaterialInTheMessage() {
    byte[] p384 = AsymmetricPrivateKey.generate(AsymmetricSpec.ECC_NIST_P384, RANDOM).pkcs8();
    byte[] rsa2048 = AsymmetricPrivateKey.generate(AsymmetricSpec.RSA_2048, RANDOM).pkcs8();
    List<Object[]> cases =
        List.of(
            new Object[] {KeySpec.ECC_NIST_P256, p384},
            new Object[] {KeySpec.ECC_NIST_P256, CustomerKeyWrapping.randomMaterial(64)},
            new Object[] {KeySpec.RSA_3072, rsa2048},
            new Object[] {KeySpec.ECC_SECG_P256K1, p384});
    for (Object[] c : cases) {
      KeySpec spec = (KeySpec) c[0];
      byte[] material = (byte[]) c[1];
      String keyId = externalKey(spec);
      GetParametersForImportResponse parameters =
          f.parameters(keyId, KEY_WRAP_256, WrappingKeySpec.RSA_2048);
      KmsException e =
          f.error(
              KmsErrorType.INCORRECT_KEY_MATERIAL,
              kms.importKeyMaterial,
              importKeyMaterial(keyId)
                  .token(parameters.importToken())
                  .material(
                      CustomerKeyWrapping.wrap(KEY_WRAP_256, parameters.publicKey(), material))
                  .neverExpires()
                  .build());
      assertThat(e)
          .hasMessage("The key material is not a PKCS #8 private key of key spec " + spec + ".");
      assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(material, 0, 8));
      assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
    }
  }

  @Test
  void hmacKeysImportInAwsLengths_andMacAsRfc2104Says() throws Exception {
    int[][] bounds = {{224, 28, 64}, {256, 32, 64}, {384, 48, 128}, {512, 64, 128}};
    for (int[] row : bounds) {
      KeySpec spec = KeySpec.valueOf("HMAC_" + row[0]);
      for (int length : new int[] {row[1], row[2]}) {
        byte[] material = CustomerKeyWrapping.randomMaterial(length);
        String keyId = externalKey(spec);
        importInto(keyId, OAEP_256, WrappingKeySpec.RSA_2048, material);
        KmsKey key = f.stored(keyId);
        Mac mac = Mac.getInstance("HmacSHA" + row[0]);
        mac.init(new SecretKeySpec(material, "HmacSHA" + row[0]));
        byte[] message = "webhook body".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(
                f.test
                    .enclave()
                    .generateMac(
                        new KeyVersionRef(key.keyId(), 1),
                        spec,
                        key.version(1).orElseThrow().material(),
                        MacAlgorithm.valueOf("HMAC_SHA_" + row[0]),
                        message))
            .isEqualTo(mac.doFinal(message));
      }
      for (int length : new int[] {row[1] - 1, row[2] + 1}) {
        String keyId = externalKey(spec);
        GetParametersForImportResponse parameters =
            f.parameters(keyId, KEY_WRAP_256, WrappingKeySpec.RSA_2048);
        assertThat(
                f.error(
                    KmsErrorType.INCORRECT_KEY_MATERIAL,
                    kms.importKeyMaterial,
                    importKeyMaterial(keyId)
                        .token(parameters.importToken())
                        .material(
                            CustomerKeyWrapping.wrap(
                                KEY_WRAP_256,
                                parameters.publicKey(),
                                CustomerKeyWrapping.randomMaterial(length)))
                        .neverExpires()
                        .build()))
            .hasMessage(
                "Key material for an "
                    + spec
                    + " key must be "
                    + row[1]
                    + " to "
                    + row[2]
                    + " bytes.");
      }
    }
  }

  @Test
  void anImportedPrivateKeyIsTheKeysForLife_andTheKeyDoesNotRotate() {
    AsymmetricPrivateKey original = AsymmetricPrivateKey.generate(AsymmetricSpec.RSA_2048, RANDOM);
    String keyId = externalKey(KeySpec.RSA_2048);
    String materialId = importInto(keyId, KEY_WRAP_256, WrappingKeySpec.RSA_3072, original.pkcs8());

    f.call(kms.deleteImportedKeyMaterial, deleteImportedKeyMaterial(keyId));
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
    // the same key again (re-encoded the same way) restores the key, under the same material id
    assertThat(importInto(keyId, KEY_WRAP_256, WrappingKeySpec.RSA_2048, original.pkcs8()))
        .isEqualTo(materialId);
    assertThat(publicKeyOf(keyId)).isEqualTo(original.publicKey().encoded());

    byte[] another = AsymmetricPrivateKey.generate(AsymmetricSpec.RSA_2048, RANDOM).pkcs8();
    GetParametersForImportResponse parameters =
        f.parameters(keyId, KEY_WRAP_256, WrappingKeySpec.RSA_2048);
    f.error(
        KmsErrorType.INCORRECT_KEY_MATERIAL,
        kms.importKeyMaterial,
        importKeyMaterial(keyId)
            .token(parameters.importToken())
            .material(CustomerKeyWrapping.wrap(KEY_WRAP_256, parameters.publicKey(), another))
            .neverExpires()
            .build());

    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        kms.enableKeyRotation,
        Requests.enableKeyRotation(keyId, null));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        kms.rotateKeyOnDemand,
        Requests.rotateKeyOnDemand(keyId));
  }
}

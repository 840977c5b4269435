package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.Requests.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Origin;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CreateKey's key spec and key usage rules, and the algorithm lists DescribeKey shows for each spec
 * and usage, written out here from AWS's CreateKey and KeyMetadata documentation rather than read
 * back from {@link KeySpec}. The keys are EXTERNAL: describing them needs no material.
 */
class CreateKeySpecsTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  private static final List<String> RSA_SIGNING =
      List.of(
          "RSASSA_PKCS1_V1_5_SHA_256",
          "RSASSA_PKCS1_V1_5_SHA_384",
          "RSASSA_PKCS1_V1_5_SHA_512",
          "RSASSA_PSS_SHA_256",
          "RSASSA_PSS_SHA_384",
          "RSASSA_PSS_SHA_512");

  /** spec, usage, EncryptionAlgorithms, SigningAlgorithms, KeyAgreementAlgorithms, MacAlgorithms */
  static Stream<Arguments> awsAlgorithmLists() {
    List<String> none = List.of();
    return Stream.of(
        Arguments.of(
            "RSA_2048",
            "ENCRYPT_DECRYPT",
            List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"),
            none,
            none,
            none),
        Arguments.of("RSA_3072", "SIGN_VERIFY", none, RSA_SIGNING, none, none),
        Arguments.of(
            "RSA_4096",
            "ENCRYPT_DECRYPT",
            List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"),
            none,
            none,
            none),
        Arguments.of("RSA_4096", "SIGN_VERIFY", none, RSA_SIGNING, none, none),
        Arguments.of("ECC_NIST_P256", "SIGN_VERIFY", none, List.of("ECDSA_SHA_256"), none, none),
        Arguments.of("ECC_NIST_P256", "KEY_AGREEMENT", none, none, List.of("ECDH"), none),
        Arguments.of("ECC_NIST_P384", "SIGN_VERIFY", none, List.of("ECDSA_SHA_384"), none, none),
        Arguments.of("ECC_NIST_P384", "KEY_AGREEMENT", none, none, List.of("ECDH"), none),
        Arguments.of("ECC_NIST_P521", "SIGN_VERIFY", none, List.of("ECDSA_SHA_512"), none, none),
        Arguments.of("ECC_NIST_P521", "KEY_AGREEMENT", none, none, List.of("ECDH"), none),
        Arguments.of("ECC_SECG_P256K1", "SIGN_VERIFY", none, List.of("ECDSA_SHA_256"), none, none),
        Arguments.of(
            "ECC_NIST_EDWARDS25519",
            "SIGN_VERIFY",
            none,
            List.of("ED25519_SHA_512", "ED25519_PH_SHA_512"),
            none,
            none),
        Arguments.of("ML_DSA_44", "SIGN_VERIFY", none, List.of("ML_DSA_SHAKE_256"), none, none),
        Arguments.of("ML_DSA_65", "SIGN_VERIFY", none, List.of("ML_DSA_SHAKE_256"), none, none),
        Arguments.of("ML_DSA_87", "SIGN_VERIFY", none, List.of("ML_DSA_SHAKE_256"), none, none),
        Arguments.of("HMAC_224", "GENERATE_VERIFY_MAC", none, none, none, List.of("HMAC_SHA_224")),
        Arguments.of("HMAC_256", "GENERATE_VERIFY_MAC", none, none, none, List.of("HMAC_SHA_256")),
        Arguments.of("HMAC_384", "GENERATE_VERIFY_MAC", none, none, none, List.of("HMAC_SHA_384")),
        Arguments.of("HMAC_512", "GENERATE_VERIFY_MAC", none, none, none, List.of("HMAC_SHA_512")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("awsAlgorithmLists")
  void describeKey_listsTheAlgorithmsOfTheSpecAndUsage_leavingOutEmptyLists(
      String spec,
      String usage,
      List<String> encryption,
      List<String> signing,
      List<String> keyAgreement,
      List<String> mac) {
    String keyId =
        f.createKey(
            createKey()
                .keySpec(KeySpec.valueOf(spec))
                .keyUsage(KeyUsage.valueOf(usage))
                .origin(Origin.EXTERNAL));
    KeyMetadata m = f.describe(keyId);

    assertThat(m.keySpec()).hasToString(spec);
    assertThat(m.customerMasterKeySpec()).hasToString(spec);
    assertThat(m.keyUsage()).hasToString(usage);
    assertThat(m.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertNames(m.encryptionAlgorithms(), encryption);
    assertNames(m.signingAlgorithms(), signing);
    assertNames(m.keyAgreementAlgorithms(), keyAgreement);
    assertNames(m.macAlgorithms(), mac);
  }

  private static void assertNames(List<?> actual, List<String> expected) {
    if (expected.isEmpty()) {
      assertThat(actual).isNull();
    } else {
      assertThat(actual).map(Object::toString).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void withoutKeyUsage_anRsaKeyIsForEncryption_asEveryKeyWhoseSpecAllowsTheDefault() {
    KeyMetadata m =
        f.describe(f.createKey(createKey().keySpec(KeySpec.RSA_2048).origin(Origin.EXTERNAL)));

    assertThat(m.keyUsage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
    assertThat(m.encryptionAlgorithms()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {
        "ECC_NIST_P256",
        "ECC_NIST_P384",
        "ECC_NIST_P521",
        "ECC_SECG_P256K1",
        "ECC_NIST_EDWARDS25519",
        "HMAC_224",
        "HMAC_256",
        "HMAC_384",
        "HMAC_512",
        "ML_DSA_44",
        "ML_DSA_65",
        "ML_DSA_87"
      })
  void withoutKeyUsage_aSpecThatCannotEncrypt_isRefusedWithAwsMessage(KeySpec spec) {
    assertThat(f.error(KmsErrorType.VALIDATION, kms.createKey, createKey().keySpec(spec).build()))
        .hasMessage(
            "You must specify a KeyUsage value for all KMS keys except for symmetric encryption"
                + " keys.");
  }

  /** Every (offered spec, usage) pair AWS does not allow. */
  static Stream<Arguments> incompatibleUsages() {
    List<Arguments> pairs = new ArrayList<>();
    Set<KeySpec> offered = EnumSet.allOf(KeySpec.class);
    offered.remove(KeySpec.SM2);
    for (KeySpec spec : offered) {
      for (KeyUsage usage : KeyUsage.values()) {
        if (!awsAllows(spec, usage)) {
          pairs.add(Arguments.of(spec, usage));
        }
      }
    }
    return pairs.stream();
  }

  /** AWS's table (CreateKey KeyUsage), spelled out independently of {@link KeySpec}. */
  private static boolean awsAllows(KeySpec spec, KeyUsage usage) {
    String name = spec.name();
    return switch (usage) {
      case ENCRYPT_DECRYPT -> name.equals("SYMMETRIC_DEFAULT") || name.startsWith("RSA_");
      case SIGN_VERIFY ->
          name.startsWith("RSA_") || name.startsWith("ECC_") || name.startsWith("ML_DSA_");
      case GENERATE_VERIFY_MAC -> name.startsWith("HMAC_");
      case KEY_AGREEMENT -> name.startsWith("ECC_NIST_P");
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("incompatibleUsages")
  void aUsageTheSpecDoesNotAllow_isRefusedWithAwsMessage(KeySpec spec, KeyUsage usage) {
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.createKey,
                createKey().keySpec(spec).keyUsage(usage).origin(Origin.EXTERNAL).build()))
        .hasMessage("KeyUsage " + usage + " is not compatible with KeySpec " + spec);
  }

  @Test
  void customerMasterKeySpec_namesAnySpec_asKeySpecDoes() {
    KeyMetadata m =
        f.describe(
            f.createKey(
                createKey()
                    .customerMasterKeySpec(KeySpec.HMAC_384)
                    .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                    .origin(Origin.EXTERNAL)));

    assertThat(m.keySpec()).isEqualTo(KeySpec.HMAC_384);
    assertThat(m.customerMasterKeySpec()).isEqualTo(KeySpec.HMAC_384);
  }

  @Test
  void sm2_isRefusedAsOutsideChinaRegions_whateverItsUsage() {
    for (KeyUsage usage : List.of(KeyUsage.SIGN_VERIFY, KeyUsage.ENCRYPT_DECRYPT)) {
      assertThat(
              f.error(
                  KmsErrorType.UNSUPPORTED_OPERATION,
                  kms.createKey,
                  createKey().keySpec(KeySpec.SM2).keyUsage(usage).build()))
          .hasMessage("KeySpec SM2 is not supported in this Region");
    }
  }
}

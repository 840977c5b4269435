package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.ImportedMaterialException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The four wrapping algorithms against the JDK as the customer, on one RSA_2048 key pair. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportUnwrapperTest {
  private static final String UNWRAP_FAILED =
      "the key material does not unwrap with the import token's wrapping key and algorithm";

  private RSAPrivateKey privateKey;
  private byte[] publicKey;

  @BeforeAll
  void generateKeyPair() {
    KeyPair pair = RsaWrappingKeys.generate(WrappingKeySpec.RSA_2048, new SecureRandom());
    privateKey = (RSAPrivateKey) pair.getPrivate();
    publicKey = pair.getPublic().getEncoded();
  }

  @ParameterizedTest
  @EnumSource(
      value = WrappingAlgorithm.class,
      names = {
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256"
      })
  void unwrap_returnsWhatTheCustomerWrapped_whateverItsLength(WrappingAlgorithm algorithm) {
    for (int length : new int[] {1, 16, 32, 33, 100}) {
      byte[] material = CustomerKeyWrapping.randomBytes(length);
      byte[] encrypted = CustomerKeyWrapping.wrap(algorithm, publicKey, material);

      try (KeyMaterial unwrapped = ImportUnwrapper.unwrap(algorithm, privateKey, encrypted)) {
        assertThat(unwrapped.bytes()).as("%d bytes", length).isEqualTo(material);
      }
    }
  }

  @Test
  void unwrap_withTheOtherOaepDigest_fails() {
    byte[] material = CustomerKeyWrapping.randomBytes(32);

    assertUnwrapFails(
        WrappingAlgorithm.RSAES_OAEP_SHA_256,
        CustomerKeyWrapping.wrap(WrappingAlgorithm.RSAES_OAEP_SHA_1, publicKey, material));
    assertUnwrapFails(
        WrappingAlgorithm.RSAES_OAEP_SHA_1,
        CustomerKeyWrapping.wrap(WrappingAlgorithm.RSAES_OAEP_SHA_256, publicKey, material));
    assertUnwrapFails(
        WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
        CustomerKeyWrapping.wrap(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, publicKey, material));
  }

  @Test
  void unwrap_oaepSha256_withTheJdksDefaultMgf1Sha1_fails() {
    byte[] encrypted =
        CustomerKeyWrapping.oaep(
            publicKey,
            CustomerKeyWrapping.OAEP_SHA_256_MGF1_SHA_1,
            CustomerKeyWrapping.randomBytes(32));

    assertUnwrapFails(WrappingAlgorithm.RSAES_OAEP_SHA_256, encrypted);
  }

  @Test
  void unwrap_keyWrapAlgorithmsOnPlainOaep_andPlainOaepOnKeyWrap_fail() {
    byte[] material = CustomerKeyWrapping.randomBytes(32);

    assertUnwrapFails(
        WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
        CustomerKeyWrapping.wrap(WrappingAlgorithm.RSAES_OAEP_SHA_256, publicKey, material));
    assertUnwrapFails(
        WrappingAlgorithm.RSAES_OAEP_SHA_256,
        CustomerKeyWrapping.wrap(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, publicKey, material));
  }

  @Test
  void unwrap_withAnEphemeralKeyOtherThanAes256_fails() {
    byte[] material = CustomerKeyWrapping.randomBytes(32);

    for (int keyLength : new int[] {16, 24}) {
      byte[] encrypted =
          CustomerKeyWrapping.rsaAesKeyWrap(
              publicKey,
              CustomerKeyWrapping.OAEP_SHA_256,
              CustomerKeyWrapping.randomBytes(keyLength),
              material);
      assertUnwrapFails(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, encrypted);
    }
  }

  @Test
  void unwrap_withTheKeyWrapPartMissingShortOrMisaligned_fails() {
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1,
            publicKey,
            CustomerKeyWrapping.randomBytes(32));

    for (int length : new int[] {256, 256 + 8, 256 + 39, 256 + 41}) {
      assertUnwrapFails(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, Arrays.copyOf(encrypted, length));
    }
  }

  @Test
  void unwrap_withEmptyOrOverlongInput_fails() {
    for (WrappingAlgorithm algorithm :
        new WrappingAlgorithm[] {
          WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingAlgorithm.RSAES_OAEP_SHA_256
        }) {
      assertUnwrapFails(algorithm, new byte[0]);
      assertUnwrapFails(algorithm, CustomerKeyWrapping.randomBytes(257));
      byte[] valid =
          CustomerKeyWrapping.wrap(algorithm, publicKey, CustomerKeyWrapping.randomBytes(32));
      assertUnwrapFails(algorithm, Arrays.copyOf(valid, valid.length + 1));
    }
  }

  @Test
  void requireSupported_refusesPkcs1V15AndSm2Pke() {
    for (WrappingAlgorithm refused :
        new WrappingAlgorithm[] {WrappingAlgorithm.RSAES_PKCS1_V1_5, WrappingAlgorithm.SM2PKE}) {
      assertThatThrownBy(() -> ImportUnwrapper.requireSupported(refused))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(refused.name());
      assertThatThrownBy(() -> ImportUnwrapper.unwrap(refused, privateKey, new byte[256]))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private void assertUnwrapFails(WrappingAlgorithm algorithm, byte[] encrypted) {
    assertThatThrownBy(() -> ImportUnwrapper.unwrap(algorithm, privateKey, encrypted).close())
        .as("%s, %d bytes", algorithm, encrypted.length)
        .isInstanceOfSatisfying(
            ImportedMaterialException.class,
            e -> assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.UNWRAP_FAILED))
        .hasMessage(UNWRAP_FAILED);
  }
}

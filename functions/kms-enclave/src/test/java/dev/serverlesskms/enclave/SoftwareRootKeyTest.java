package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SoftwareRootKeyTest {
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MATERIAL = TestRootKeys.bytes(0x42);

  @Test
  void wrap_thenUnwrap_returnsTheMaterial() throws Exception {
    try (RootKey rootKey = TestRootKeys.software(1)) {
      assertThat(rootKey.unwrap(rootKey.wrap(MATERIAL, AAD), AAD)).isEqualTo(MATERIAL);
    }
  }

  @Test
  void wrap_isIvCiphertextTag_decryptableByJce() throws Exception {
    try (RootKey rootKey = TestRootKeys.software(1)) {
      byte[] wrapped = rootKey.wrap(MATERIAL, AAD);

      assertThat(wrapped).hasSize(12 + 32 + 16);
      Cipher jce = Cipher.getInstance("AES/GCM/NoPadding");
      jce.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(TestRootKeys.bytes(1), "AES"),
          new GCMParameterSpec(128, wrapped, 0, 12));
      jce.updateAAD(AAD);
      assertThat(jce.doFinal(wrapped, 12, wrapped.length - 12)).isEqualTo(MATERIAL);
    }
  }

  /**
   * Wrapped by this class before its framing moved to {@link RootKeyFraming}: key versions already
   * stored keep unwrapping.
   */
  @Test
  void unwrap_ofAKeyWrappedBeforeTheFramingWasShared_returnsTheMaterial() throws Exception {
    byte[] golden =
        HexFormat.of()
            .parseHex(
                "e4b1d1e5ddb3da59db415ab0" // iv
                    + "81ecf3c40d03c96c68891a9ea09586ff573ba01190d859b5671895867fc7aa47" // ct
                    + "6ccd88427e66e965a2a14393e91fe4f7"); // tag
    try (RootKey rootKey = TestRootKeys.software(1)) {
      assertThat(rootKey.unwrap(golden, "kms/golden".getBytes(StandardCharsets.US_ASCII)))
          .isEqualTo(MATERIAL);
    }
  }

  @Test
  void wrap_twice_usesFreshIvs() {
    try (RootKey rootKey = TestRootKeys.software(1)) {
      assertThat(rootKey.wrap(MATERIAL, AAD)).isNotEqualTo(rootKey.wrap(MATERIAL, AAD));
    }
  }

  @Test
  void unwrap_withOtherAad_throwsUnwrapFailure() {
    try (RootKey rootKey = TestRootKeys.software(1)) {
      byte[] wrapped = rootKey.wrap(MATERIAL, AAD);

      assertThatThrownBy(() -> rootKey.unwrap(wrapped, "other".getBytes(StandardCharsets.US_ASCII)))
          .isInstanceOf(RootKeyUnwrapException.class);
    }
  }

  @Test
  void unwrap_withAnyByteFlipped_throwsUnwrapFailure() {
    try (RootKey rootKey = TestRootKeys.software(1)) {
      byte[] wrapped = rootKey.wrap(MATERIAL, AAD);
      for (int i = 0; i < wrapped.length; i++) {
        byte[] tampered = wrapped.clone();
        tampered[i] ^= 0x01;

        assertThatThrownBy(() -> rootKey.unwrap(tampered, AAD))
            .as("byte %d flipped", i)
            .isInstanceOf(RootKeyUnwrapException.class);
      }
    }
  }

  @Test
  void unwrap_tooShort_throwsUnwrapFailure() {
    try (RootKey rootKey = TestRootKeys.software(1)) {
      assertThatThrownBy(() -> rootKey.unwrap(new byte[27], AAD))
          .isInstanceOf(RootKeyUnwrapException.class);
    }
  }

  @Test
  void unwrap_underAnotherRootKey_throwsUnwrapFailure() {
    try (RootKey rootKey = TestRootKeys.software(1);
        RootKey other = TestRootKeys.software(2)) {
      byte[] wrapped = rootKey.wrap(MATERIAL, AAD);

      assertThatThrownBy(() -> other.unwrap(wrapped, AAD))
          .isInstanceOf(RootKeyUnwrapException.class);
    }
  }

  @Test
  void id_isSixteenHexCharacters_stablePerKey_andDiffersBetweenKeys() {
    try (RootKey first = TestRootKeys.software(1);
        RootKey again = TestRootKeys.software(1);
        RootKey other = TestRootKeys.software(2)) {
      assertThat(first.id()).matches("[0-9a-f]{16}").isEqualTo(again.id()).isNotEqualTo(other.id());
    }
  }

  @Test
  void toString_andId_revealNoKeyBytes() {
    byte[] key = TestRootKeys.bytes(0x5a);
    try (RootKey rootKey = TestRootKeys.software(0x5a)) {
      assertThat(rootKey.toString() + rootKey.id())
          .doesNotContain(HexFormat.of().formatHex(key, 0, 4))
          .doesNotContain(Base64.getEncoder().encodeToString(key).substring(0, 8))
          .isEqualTo("SoftwareRootKey[" + rootKey.id() + "]" + rootKey.id());
    }
  }

  @Test
  void wrap_afterClose_throws() {
    RootKey rootKey = TestRootKeys.software(1);
    rootKey.close();

    assertThatThrownBy(() -> rootKey.wrap(MATERIAL, AAD)).isInstanceOf(IllegalStateException.class);
  }
}

package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sealed-payload format byte by byte, against a computation of its own: HKDF-SHA256 as RFC 5869
 * writes it (HMAC extract, then expand) and the JDK's AES-256-GCM, with none of the enclave's code.
 * The round trips of {@link KeyVersionEnclaveContract} would not notice a change that seal and open
 * make alike; this test does, so ciphertexts already stored keep opening.
 */
class SealedPayloadTest {
  private static final byte[] VERSION_KEY = sequence(32, 1);
  private static final byte[] NONCE = sequence(16, 101);
  private static final byte[] AAD = "header || context".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 4096})
  void seal_isNonceThenGcmUnderTheHkdfDerivedKeyAndIv(int length) throws Exception {
    byte[] plaintext = sequence(length, 7);

    byte[] sealed = SealedPayload.seal(VERSION_KEY, NONCE, plaintext, AAD);

    assertThat(sealed).isEqualTo(expectedSeal(plaintext));
  }

  @Test
  void open_ofAPayloadSealedElsewhere_returnsThePlaintext() throws Exception {
    byte[] plaintext = sequence(300, 9);

    assertThat(SealedPayload.open(VERSION_KEY, expectedSeal(plaintext), AAD)).isEqualTo(plaintext);
  }

  private static byte[] expectedSeal(byte[] plaintext) throws Exception {
    byte[] okm =
        rfc5869(
            VERSION_KEY,
            NONCE,
            "serverless-kms/v1/message-key".getBytes(StandardCharsets.US_ASCII),
            44);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(Arrays.copyOf(okm, 32), "AES"),
        new GCMParameterSpec(128, Arrays.copyOfRange(okm, 32, 44)));
    gcm.updateAAD(AAD);
    byte[] ciphertextAndTag = gcm.doFinal(plaintext);
    byte[] expected = Arrays.copyOf(NONCE, NONCE.length + ciphertextAndTag.length);
    System.arraycopy(ciphertextAndTag, 0, expected, NONCE.length, ciphertextAndTag.length);
    return expected;
  }

  private static byte[] rfc5869(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
    Mac extract = Mac.getInstance("HmacSHA256");
    extract.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = extract.doFinal(ikm);
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] okm = new byte[length];
    byte[] block = new byte[0];
    for (int filled = 0, counter = 1; filled < length; counter++) {
      expand.update(block);
      expand.update(info);
      expand.update((byte) counter);
      block = expand.doFinal();
      int n = Math.min(block.length, length - filled);
      System.arraycopy(block, 0, okm, filled, n);
      filled += n;
    }
    return okm;
  }

  private static byte[] sequence(int length, int start) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (start + i);
    }
    return bytes;
  }
}

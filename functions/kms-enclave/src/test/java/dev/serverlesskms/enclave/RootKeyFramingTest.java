package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one layout of a root-key-wrapped blob, whichever root key does the AES-GCM. */
class RootKeyFramingTest {
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MATERIAL = TestRootKeys.bytes(0x42);
  private static final byte[] KEY = TestRootKeys.bytes(1);

  private static final RootKeyFraming.Seal SEAL =
      (nonce, plaintext, aad) -> AesGcm.encrypt(KEY, nonce, plaintext, aad);
  private static final RootKeyFraming.Open OPEN =
      (nonce, input, offset, length, aad) -> {
        try {
          return AesGcm.decrypt(KEY, nonce, input, offset, length, aad);
        } catch (javax.crypto.AEADBadTagException e) {
          throw new RootKeyUnwrapException();
        }
      };

  @Test
  void wrap_isTheNonce_thenWhatTheCipherSealed() {
    byte[] nonce = HexFormat.of().parseHex("000102030405060708090a0b");
    RootKeyFraming framing = new RootKeyFraming(n -> System.arraycopy(nonce, 0, n, 0, n.length));

    byte[] wrapped = framing.wrap(SEAL, MATERIAL, AAD);

    assertThat(Arrays.copyOf(wrapped, 12)).isEqualTo(nonce);
    assertThat(Arrays.copyOfRange(wrapped, 12, wrapped.length))
        .isEqualTo(AesGcm.encrypt(KEY, nonce, MATERIAL, AAD))
        .hasSize(MATERIAL.length + 16);
  }

  @Test
  void unwrap_givesTheCipherTheNonce_andTheRestInPlace() throws Exception {
    RootKeyFraming framing = new RootKeyFraming();
    byte[] wrapped = framing.wrap(SEAL, MATERIAL, AAD);

    byte[] material =
        framing.unwrap(
            (nonce, input, offset, length, aad) -> {
              assertThat(nonce).isEqualTo(Arrays.copyOf(wrapped, 12));
              assertThat(input).isSameAs(wrapped);
              assertThat(offset).isEqualTo(12);
              assertThat(length).isEqualTo(wrapped.length - 12);
              assertThat(aad).isEqualTo(AAD);
              return OPEN.open(nonce, input, offset, length, aad);
            },
            wrapped,
            AAD);

    assertThat(material).isEqualTo(MATERIAL);
  }

  @Test
  void unwrap_shorterThanNonceAndTag_failsWithoutTryingTheCipher() throws Exception {
    RootKeyFraming framing = new RootKeyFraming();
    AtomicInteger opened = new AtomicInteger();
    RootKeyFraming.Open counting =
        (nonce, input, offset, length, aad) -> {
          opened.incrementAndGet();
          return OPEN.open(nonce, input, offset, length, aad);
        };

    assertThatThrownBy(() -> framing.unwrap(counting, new byte[27], AAD))
        .isInstanceOf(RootKeyUnwrapException.class);
    assertThat(opened).hasValue(0);
    assertThatThrownBy(() -> framing.unwrap(counting, new byte[28], AAD))
        .as("an empty ciphertext is a valid length; its tag just does not verify")
        .isInstanceOf(RootKeyUnwrapException.class);
    assertThat(opened).hasValue(1);
  }

  @Test
  void nonces_areFreshForEveryWrap() {
    RootKeyFraming framing = new RootKeyFraming();
    Set<String> nonces = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      nonces.add(HexFormat.of().formatHex(framing.wrap(SEAL, MATERIAL, AAD), 0, 12));
    }

    assertThat(nonces).hasSize(1000);
  }
}

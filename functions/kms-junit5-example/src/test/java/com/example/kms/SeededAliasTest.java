package com.example.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.junit5.ServerlessKms;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A seeded key (src/test/resources/kms-seed.yaml) used by its alias: the same key id and material
 * on every machine, so ciphertexts kept as fixtures decrypt anywhere.
 */
@ServerlessKms(seedFile = "kms-seed.yaml")
class SeededAliasTest {

  private static final String SEEDED_KEY_ID = "0b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11";

  @Test
  void encryptsWithTheSeededAliasAndDecryptsToTheSeededKey(KmsClient kms) {
    SdkBytes ciphertext =
        kms.encrypt(b -> b.keyId("alias/payments").plaintext(SdkBytes.fromUtf8String("iban")))
            .ciphertextBlob();
    var decrypted = kms.decrypt(b -> b.ciphertextBlob(ciphertext));
    assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("iban");
    assertThat(decrypted.keyId()).endsWith(SEEDED_KEY_ID);
  }

  /**
   * The fixture was made once, by another server on another data directory with the same seed file
   * (`./kms-local --seed-file .../kms-seed.yaml` and `aws kms encrypt --key-id alias/payments`):
   * the ciphertext it kept decrypts here, on a server whose root key is new for this test.
   */
  @Test
  void decryptsACiphertextKeptAsAFixture(KmsClient kms) throws IOException {
    byte[] fixture;
    try (InputStream in = SeededAliasTest.class.getResourceAsStream("/payments-ciphertext.b64")) {
      assertThat(in).as("fixture payments-ciphertext.b64").isNotNull();
      fixture = Base64.getMimeDecoder().decode(in.readAllBytes());
    }
    var decrypted = kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(fixture)));
    assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("kept in a fixture");
    assertThat(decrypted.keyId()).endsWith(SEEDED_KEY_ID);
  }
}

package com.example.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.junit5.ServerlessKms;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A seeded key (src/test/resources/kms-seed.yaml) used by its alias: the same key id and material
 * on every machine, so ciphertexts kept as fixtures decrypt anywhere.
 */
@Disabled("until the seed file lands")
@ServerlessKms(seedFile = "kms-seed.yaml")
class SeededAliasTest {

  @Test
  void encryptsWithTheSeededAliasAndDecryptsToTheSeededKey(KmsClient kms) {
    SdkBytes ciphertext =
        kms.encrypt(b -> b.keyId("alias/payments").plaintext(SdkBytes.fromUtf8String("iban")))
            .ciphertextBlob();
    var decrypted = kms.decrypt(b -> b.ciphertextBlob(ciphertext));
    assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("iban");
    assertThat(decrypted.keyId()).endsWith("0b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11");
  }
}

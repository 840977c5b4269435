package com.example.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.junit5.ServerlessKms;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/** The ten-line use of the README: one server for the class, a configured client per test. */
@ServerlessKms
class EncryptDecryptTest {
  private static URI outerEndpoint;

  @Test
  void remembersItsEndpoint(URI endpoint) {
    outerEndpoint = endpoint;
    assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
  }

  /** Nested classes run after the outer class's own tests, on the same server. */
  @Nested
  class WithinTheSameServer {
    @Test
    void sharesTheServerOfTheClassAroundIt(URI endpoint) {
      assertThat(endpoint).isEqualTo(outerEndpoint);
    }
  }

  @Test
  void encryptsAndDecrypts(KmsClient kms) {
    String keyId = kms.createKey(b -> b.description("example")).keyMetadata().keyId();
    SdkBytes ciphertext =
        kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("card 4111")))
            .ciphertextBlob();
    assertThat(kms.decrypt(b -> b.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
        .isEqualTo("card 4111");
  }

  @Test
  void generatesADataKeyWhoseCiphertextDecryptsToItsPlaintext(KmsClient kms) {
    String keyId = kms.createKey(b -> b.description("data keys")).keyMetadata().keyId();
    GenerateDataKeyResponse dataKey =
        kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
    assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
    assertThat(kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())).plaintext())
        .isEqualTo(dataKey.plaintext());
  }
}

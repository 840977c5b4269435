package dev.serverlesskms.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory KMS the rule tests run on is a whole KMS: a key encrypts and decrypts. */
class TestKmsSmokeTest {
  @Test
  void createKey_encrypt_decrypt_roundTrips_andAuditsEachCall() {
    TestKms test = TestKms.create();
    Kms kms = test.kms();
    String keyId =
        test.call(
                kms.createKey,
                new CreateKeyRequest(
                    null, null, null, null, null, null, null, null, null, null, null))
            .keyMetadata()
            .keyId();
    byte[] plaintext = "hello".getBytes(StandardCharsets.UTF_8);

    byte[] blob =
        test.call(
                kms.encrypt,
                new EncryptRequest(keyId, plaintext, Map.of("purpose", "test"), null, null, null))
            .ciphertextBlob();
    byte[] decrypted =
        test.call(
                kms.decrypt,
                new DecryptRequest(blob, Map.of("purpose", "test"), null, null, null, null))
            .plaintext();

    assertThat(decrypted).isEqualTo(plaintext);
    assertThat(test.audit().events())
        .extracting(e -> e.eventName())
        .containsExactly("CreateKey", "Encrypt", "Decrypt");
  }
}

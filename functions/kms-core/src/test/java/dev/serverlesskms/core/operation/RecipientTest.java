package dev.serverlesskms.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.api.RecipientInfo;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.core.model.KeyEncryptionMechanism;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Recipient (Nitro attestation) on Decrypt, GenerateDataKey and GenerateRandom is refused, as on
 * the newer operations: the caller asked for the secret encrypted to an enclave, never in the
 * clear, and this KMS cannot verify an attestation document. A Recipient without a document asks
 * for nothing.
 */
class RecipientTest {
  private static final RecipientInfo ATTESTED =
      new RecipientInfo(new byte[100], KeyEncryptionMechanism.RSAES_OAEP_SHA_256);
  private static final RecipientInfo EMPTY =
      new RecipientInfo(null, KeyEncryptionMechanism.RSAES_OAEP_SHA_256);

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;
  private String keyId;
  private byte[] blob;

  @BeforeEach
  void key() {
    keyId = f.createKey();
    blob =
        f.call(
                kms.encrypt,
                new EncryptRequest(
                    keyId, "secret".getBytes(StandardCharsets.UTF_8), null, null, null, null))
            .ciphertextBlob();
  }

  @Test
  void decrypt_refusesAnAttestedRecipient_andAnswersWithoutOne() {
    f.error(
        KmsErrorType.VALIDATION,
        kms.decrypt,
        new DecryptRequest(blob, null, null, null, null, null, ATTESTED));
    assertThat(
            f.call(kms.decrypt, new DecryptRequest(blob, null, null, null, null, null, EMPTY))
                .plaintext())
        .isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void generateDataKey_refusesAnAttestedRecipient() {
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKey,
        new GenerateDataKeyRequest(keyId, null, null, DataKeySpec.AES_256, null, null, ATTESTED));
    assertThat(
            f.call(
                    kms.generateDataKey,
                    new GenerateDataKeyRequest(
                        keyId, null, null, DataKeySpec.AES_256, null, null, EMPTY))
                .plaintext())
        .hasSize(32);
  }

  @Test
  void generateRandom_refusesAnAttestedRecipient() {
    f.error(
        KmsErrorType.VALIDATION, kms.generateRandom, new GenerateRandomRequest(16, null, ATTESTED));
    assertThat(f.call(kms.generateRandom, new GenerateRandomRequest(16, null, EMPTY)).plaintext())
        .hasSize(16);
  }
}

package dev.serverlesskms.functions.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.model.KeyEncryptionMechanism;
import org.junit.jupiter.api.Test;

/**
 * The Recipient member reaches Decrypt, GenerateDataKey and GenerateRandom (their records also have
 * a constructor without it, which must not be the one JSON binds to).
 */
class KmsJsonRecipientTest {
  private static final ObjectMapper JSON = KmsJson.newMapper();
  private static final String RECIPIENT =
      "\"Recipient\":{\"AttestationDocument\":\"AAEC\","
          + "\"KeyEncryptionAlgorithm\":\"RSAES_OAEP_SHA_256\"}";

  @Test
  void recipient_isRead_onEveryOperationThatTakesIt() throws Exception {
    DecryptRequest decrypt =
        JSON.readValue("{\"CiphertextBlob\":\"AAEC\"," + RECIPIENT + "}", DecryptRequest.class);
    GenerateDataKeyRequest dataKey =
        JSON.readValue("{\"KeyId\":\"k\"," + RECIPIENT + "}", GenerateDataKeyRequest.class);
    GenerateRandomRequest random =
        JSON.readValue("{\"NumberOfBytes\":8," + RECIPIENT + "}", GenerateRandomRequest.class);

    assertThat(decrypt.recipient().attestationDocument()).containsExactly(0, 1, 2);
    assertThat(dataKey.recipient().keyEncryptionAlgorithm())
        .isEqualTo(KeyEncryptionMechanism.RSAES_OAEP_SHA_256);
    assertThat(random.recipient().attestationDocument()).hasSize(3);
    assertThat(random.numberOfBytes()).isEqualTo(8);
  }
}

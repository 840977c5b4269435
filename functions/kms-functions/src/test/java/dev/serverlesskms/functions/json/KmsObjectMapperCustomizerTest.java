package dev.serverlesskms.functions.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.EncryptResponse;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Quarkus' shared mapper, which Funqy's Lambda binding copies: (de)serializers built on first use
 * outside Lambda, when a reader or writer is made inside it, and the KMS dialect either way.
 */
class KmsObjectMapperCustomizerTest {
  private static final String REQUEST =
      "{\"KeyId\":\"alias/a\",\"Plaintext\":\"aGVsbG8=\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}";

  @Test
  void outsideLambda_serializersAreBuiltOnFirstUse() {
    ObjectMapper mapper = customized(false);

    assertThat(mapper.isEnabled(DeserializationFeature.EAGER_DESERIALIZER_FETCH)).isFalse();
    assertThat(mapper.isEnabled(SerializationFeature.EAGER_SERIALIZER_FETCH)).isFalse();
  }

  @Test
  void inLambda_serializersAreBuiltWithTheReaderAndWriter() {
    ObjectMapper mapper = customized(true);

    assertThat(mapper.isEnabled(DeserializationFeature.EAGER_DESERIALIZER_FETCH)).isTrue();
    assertThat(mapper.isEnabled(SerializationFeature.EAGER_SERIALIZER_FETCH)).isTrue();
  }

  @Test
  void lazyAndEagerReadersAndWritersSpeakTheSameDialect() throws Exception {
    for (boolean inLambda : new boolean[] {false, true}) {
      ObjectMapper mapper = customized(inLambda);

      EncryptRequest request = mapper.readerFor(EncryptRequest.class).readValue(REQUEST);
      String response =
          mapper
              .writerFor(EncryptResponse.class)
              .writeValueAsString(
                  new EncryptResponse(
                      "ct".getBytes(StandardCharsets.US_ASCII),
                      "arn:k",
                      EncryptionAlgorithm.SYMMETRIC_DEFAULT));

      assertThat(request.keyId()).isEqualTo("alias/a");
      assertThat(new String(request.plaintext(), StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThat(request.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
      assertThat(response)
          .isEqualTo(
              "{\"CiphertextBlob\":\"Y3Q=\",\"KeyId\":\"arn:k\","
                  + "\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
    }
  }

  private static ObjectMapper customized(boolean inLambda) {
    ObjectMapper mapper = new ObjectMapper();
    KmsObjectMapperCustomizer.customize(mapper, inLambda);
    return mapper;
  }
}

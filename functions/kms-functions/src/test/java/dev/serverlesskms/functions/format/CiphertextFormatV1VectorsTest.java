package dev.serverlesskms.functions.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.local.MvStoreKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors of ciphertext format 1 (docs/ciphertext-format.md): a stored key (root key,
 * wrapped versions) and a ciphertext written by the first release. They must decrypt with every
 * later release; if this test fails, the format changed, and that needs a new format version
 * instead.
 */
class CiphertextFormatV1VectorsTest {

  @Test
  void ciphertextFromTheFirstRelease_stillDecrypts() throws Exception {
    JsonNode vector;
    try (InputStream in = getClass().getResourceAsStream("/vectors/ciphertext-v1.json")) {
      vector = new ObjectMapper().readTree(in);
    }
    Base64.Decoder base64 = Base64.getDecoder();
    KmsLocation location = KmsLocation.of("us-east-1", "111122223333");
    KeyId keyId = new KeyId(vector.get("keyId").asText());
    Instant created = Instant.parse("2026-11-23T00:00:00Z");
    List<KeyVersion> versions = new ArrayList<>();
    for (JsonNode v : vector.get("versions")) {
      int number = v.get("number").asInt();
      versions.add(
          new KeyVersion(
              number,
              v.get("materialId").asText(),
              new WrappedKey(base64.decode(v.get("wrapped").asText())),
              created,
              number == 1 ? null : RotationType.ON_DEMAND));
    }
    try (MvStoreKeyStore store = MvStoreKeyStore.inMemory();
        KeyVersionEnclave enclave =
            new KeyVersionEnclave(
                RootKeySecret.decode(vector.get("rootKeySecret").asText()),
                new SecureRandom(),
                4)) {
      store.create(
          KmsKey.builder()
              .keyId(keyId)
              .arn(location.keyArn(keyId))
              .creationDate(created)
              .policy(
                  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                      + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
                      + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")
              .versions(versions)
              .build(),
          KeyFixtures.auditRecord());
      Kms kms =
          new Kms(
              new KmsEnvironment(location, store, enclave, Clock.fixed(created, ZoneOffset.UTC)),
              event -> {});

      DecryptResponse decrypted =
          kms.invoke(
              kms.decrypt,
              new DecryptRequest(
                  base64.decode(vector.get("ciphertextBlob").asText()),
                  Map.of("purpose", "vector", "tenant", "acme"),
                  null,
                  null,
                  null,
                  null),
              new RequestContext(
                  "vector",
                  new Caller(
                      "Root",
                      "111122223333",
                      "arn:aws:iam::111122223333:root",
                      "111122223333",
                      null),
                  null,
                  null));

      assertThat(decrypted.plaintext()).isEqualTo(base64.decode(vector.get("plaintext").asText()));
      assertThat(decrypted.keyId()).isEqualTo(location.keyArn(keyId));
      assertThat(decrypted.keyMaterialId())
          .isEqualTo(vector.get("versions").get(1).get("materialId").asText());
    }
  }
}

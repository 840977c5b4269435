package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * GetKeyLastUsage against the packaged server: after Encrypt, Sign and GenerateMac through the AWS
 * SDK for Java v2, each key reports its last use with the operation, the event id of its audit
 * record and the request id the SDK saw; the uses survive a restart. The flush interval is an hour
 * here, so what survives was saved by the shutdown, not by the timer.
 *
 * <p>The SDK (2.39.6) predates GetKeyLastUsage, so that request is sent as the SDK would send it:
 * JSON 1.1, signed by the SDK's own SigV4 signer ({@link RawKmsHttp}).
 */
class KeyLastUsageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SdkBytes MESSAGE = SdkBytes.fromString("used", StandardCharsets.UTF_8);

  @TempDir Path dataDir;

  @Test
  void lastUsesOfEncryptSignAndGenerateMac_surviveARestart() throws Exception {
    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, Map.of("kms.key-last-usage.flush-interval", "PT1H"))) {
      String encryptKey;
      String signKey;
      String macKey;
      String unused;
      String encryptRequestId;
      String signRequestId;
      String macRequestId;
      try (KmsClient kms = server.client()) {
        encryptKey = kms.createKey(r -> r.description("encrypts")).keyMetadata().keyId();
        signKey =
            kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata()
                .keyId();
        macKey =
            kms.createKey(
                    r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
                .keyMetadata()
                .keyId();
        unused = kms.createKey(r -> r.description("never used")).keyMetadata().keyId();

        kms.encrypt(r -> r.keyId(encryptKey).plaintext(MESSAGE));
        encryptRequestId =
            kms.encrypt(r -> r.keyId(encryptKey).plaintext(MESSAGE)).responseMetadata().requestId();
        signRequestId =
            kms.sign(
                    r ->
                        r.keyId(signKey)
                            .message(MESSAGE)
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                .responseMetadata()
                .requestId();
        macRequestId =
            kms.generateMac(
                    r ->
                        r.keyId(macKey)
                            .message(MESSAGE)
                            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))
                .responseMetadata()
                .requestId();
      }
      RawKmsHttp raw = new RawKmsHttp(server.endpoint());

      JsonNode beforeRestart = lastUsage(raw, encryptKey);
      assertUse(beforeRestart, "Encrypt", encryptRequestId, server);

      server.restart();

      assertThat(lastUsage(raw, encryptKey).get("KeyLastUsage"))
          .isEqualTo(beforeRestart.get("KeyLastUsage"));
      assertUse(lastUsage(raw, encryptKey), "Encrypt", encryptRequestId, server);
      assertUse(lastUsage(raw, signKey), "Sign", signRequestId, server);
      assertUse(lastUsage(raw, macKey), "GenerateMac", macRequestId, server);
      JsonNode none = lastUsage(raw, unused);
      assertThat(none.has("KeyLastUsage")).isFalse();
      assertThat(none.get("KeyId").asText()).isEqualTo(unused);
      assertThat(none.get("TrackingStartDate").asDouble())
          .isEqualTo(none.get("KeyCreationDate").asDouble());
    }
  }

  @Test
  void anAlias_isRefused_andAnUnknownKeyIsNotFound() throws Exception {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient kms = server.client()) {
      String keyId = kms.createKey(r -> r.description("aliased")).keyMetadata().keyId();
      kms.createAlias(r -> r.aliasName("alias/used").targetKeyId(keyId));
      RawKmsHttp raw = new RawKmsHttp(server.endpoint());

      HttpResponse<String> byAlias = getKeyLastUsage(raw, "alias/used");
      HttpResponse<String> unknown = getKeyLastUsage(raw, "1234abcd-12ab-34cd-56ef-1234567890ab");

      assertThat(byAlias.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(byAlias.body()).get("__type").asText())
          .isEqualTo("NotFoundException");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(unknown.body()).get("__type").asText())
          .isEqualTo("NotFoundException");
    }
  }

  @Test
  void aUseInAnotherRegion_isReportedThere_andNotInTheDefaultRegion() throws Exception {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient eu = server.client(Region.EU_WEST_1)) {
      String keyId = eu.createKey(r -> r.description("in Ireland")).keyMetadata().keyId();
      String requestId =
          eu.encrypt(r -> r.keyId(keyId).plaintext(MESSAGE)).responseMetadata().requestId();
      RawKmsHttp raw = new RawKmsHttp(server.endpoint());
      RawKmsHttp.Signing inEu =
          new RawKmsHttp.Signing("test", "test", "eu-west-1", java.time.Clock.systemUTC());
      byte[] body = ("{\"KeyId\":\"" + keyId + "\"}").getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> there = raw.post("TrentService.GetKeyLastUsage", body, inEu);
      HttpResponse<String> home = getKeyLastUsage(raw, keyId);

      assertThat(there.statusCode()).as(there.body()).isEqualTo(200);
      assertUse(JSON.readTree(there.body()), "Encrypt", requestId, server);
      assertThat(home.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(home.body()).get("__type").asText()).isEqualTo("NotFoundException");
    }
  }

  private static HttpResponse<String> getKeyLastUsage(RawKmsHttp raw, String keyId) {
    return raw.post("TrentService.GetKeyLastUsage", "{\"KeyId\":\"" + keyId + "\"}");
  }

  private static JsonNode lastUsage(RawKmsHttp raw, String keyId) throws Exception {
    HttpResponse<String> response = getKeyLastUsage(raw, keyId);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** The reported use names its operation, the SDK's request id, and its own audit record. */
  private static void assertUse(
      JsonNode answer, String operation, String requestId, LocalKmsServer server) throws Exception {
    JsonNode use = answer.get("KeyLastUsage");
    assertThat(use).as(answer.toString()).isNotNull();
    assertThat(use.get("Operation").asText()).isEqualTo(operation);
    assertThat(use.get("KmsRequestId").asText()).isEqualTo(requestId);
    JsonNode record = auditRecord(server, use.get("CloudTrailEventId").asText());
    assertThat(record.get("eventName").asText()).isEqualTo(operation);
    assertThat(record.get("requestID").asText()).isEqualTo(requestId);
    assertThat(Instant.parse(record.get("eventTime").asText()).getEpochSecond())
        .isEqualTo((long) use.get("Timestamp").asDouble());
    assertThat(answer.get("TrackingStartDate").asDouble())
        .isGreaterThanOrEqualTo(answer.get("KeyCreationDate").asDouble());
  }

  private static JsonNode auditRecord(LocalKmsServer server, String eventId) throws Exception {
    for (String line : Files.readAllLines(server.auditLog())) {
      JsonNode record = JSON.readTree(line);
      if (eventId.equals(record.get("eventID").asText())) {
        return record;
      }
    }
    throw new AssertionError("no audit record with eventID " + eventId);
  }
}

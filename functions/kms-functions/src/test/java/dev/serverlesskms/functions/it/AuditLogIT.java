package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * After a session, the audit log holds one CloudTrail-shaped record per request, allowed or denied,
 * with the right eventName and errorCode, and none of the secrets the session handled, raw or
 * encoded.
 */
class AuditLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void session_leavesOneRecordPerRequest_andNoSecrets() throws Exception {
    byte[] plaintext =
        "the plaintext that must never be logged: 4f1c9a".getBytes(StandardCharsets.UTF_8);
    List<byte[]> secrets = new ArrayList<>();
    secrets.add(plaintext);
    List<String[]> expected = new ArrayList<>();
    String keyArn;

    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient kms = server.client()) {
      keyArn = kms.createKey(r -> r.description("audited")).keyMetadata().arn();
      expected.add(new String[] {"CreateKey", null});
      kms.createAlias(r -> r.aliasName("alias/audited").targetKeyId(keyArn));
      expected.add(new String[] {"CreateAlias", null});
      SdkBytes blob =
          kms.encrypt(
                  r ->
                      r.keyId("alias/audited")
                          .plaintext(SdkBytes.fromByteArray(plaintext))
                          .encryptionContext(Map.of("order", "1234")))
              .ciphertextBlob();
      expected.add(new String[] {"Encrypt", null});
      secrets.add(
          kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("order", "1234")))
              .plaintext()
              .asByteArray());
      expected.add(new String[] {"Decrypt", null});
      expectError("InvalidCiphertextException", () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
      expected.add(new String[] {"Decrypt", "InvalidCiphertextException"});
      secrets.add(
          kms.generateDataKey(r -> r.keyId(keyArn).keySpec(DataKeySpec.AES_256))
              .plaintext()
              .asByteArray());
      expected.add(new String[] {"GenerateDataKey", null});
      kms.generateDataKeyWithoutPlaintext(r -> r.keyId(keyArn).numberOfBytes(64));
      expected.add(new String[] {"GenerateDataKeyWithoutPlaintext", null});
      secrets.add(kms.generateRandom(r -> r.numberOfBytes(48)).plaintext().asByteArray());
      expected.add(new String[] {"GenerateRandom", null});
      expectError(
          "NotFoundException",
          () ->
              kms.encrypt(r -> r.keyId("alias/nope").plaintext(SdkBytes.fromByteArray(plaintext))));
      expected.add(new String[] {"Encrypt", "NotFoundException"});
      kms.disableKey(r -> r.keyId(keyArn));
      expected.add(new String[] {"DisableKey", null});
      expectError(
          "DisabledException",
          () -> kms.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext))));
      expected.add(new String[] {"Encrypt", "DisabledException"});

      RawKmsHttp http = new RawKmsHttp(server.endpoint());
      http.postUnsigned("TrentService.ListKeys", "{}");
      expected.add(new String[] {"ListKeys", "MissingAuthenticationTokenException"});
      http.post("TrentService.Encrypt", "{\"KeyId\": ");
      expected.add(new String[] {"Encrypt", "SerializationException"});
      http.post("TrentService.Nothing", "{}");
      expected.add(new String[] {"Nothing", "UnknownOperationException"});
    }

    byte[] raw = Files.readAllBytes(dataDir.resolve("audit.jsonl"));
    List<String> lines = Files.readAllLines(dataDir.resolve("audit.jsonl"));
    assertThat(lines).hasSize(expected.size());
    HashSet<String> requestIds = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode record = JSON.readTree(lines.get(i));
      assertThat(record.get("eventName").asText()).as("record %d", i).isEqualTo(expected.get(i)[0]);
      assertThat(record.path("errorCode").isMissingNode() ? null : record.get("errorCode").asText())
          .as("record %d", i)
          .isEqualTo(expected.get(i)[1]);
      assertThat(record.get("eventSource").asText()).isEqualTo("kms.amazonaws.com");
      assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
      assertThat(record.get("eventTime").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
      assertThat(record.get("eventID").asText()).isNotBlank();
      assertThat(requestIds.add(record.get("requestID").asText()))
          .as("request ids are unique")
          .isTrue();
      assertThat(record.get("userIdentity").get("accountId").asText()).isEqualTo("000000000000");
    }
    JsonNode encrypt = JSON.readTree(lines.get(2));
    assertThat(encrypt.get("requestParameters").get("keyId").asText()).isEqualTo("alias/audited");
    assertThat(encrypt.get("requestParameters").get("encryptionContext").get("order").asText())
        .isEqualTo("1234");
    assertThat(encrypt.get("resources").get(0).get("ARN").asText()).isEqualTo(keyArn);
    assertThat(encrypt.get("userIdentity").get("accessKeyId").asText()).isEqualTo("test");
    // The development pair is the root of the KMS's account, which every default key policy allows.
    assertThat(encrypt.get("userIdentity").get("type").asText()).isEqualTo("Root");
    assertThat(encrypt.get("userIdentity").get("arn").asText())
        .isEqualTo("arn:aws:iam::000000000000:root");
    assertThat(encrypt.get("userIdentity").get("principalId").asText()).isEqualTo("000000000000");
    assertThat(
            JSON.readTree(lines.get(0))
                .get("responseElements")
                .get("keyMetadata")
                .get("arn")
                .asText())
        .isEqualTo(keyArn);

    for (byte[] secret : secrets) {
      assertThat(indexOf(raw, secret)).as("raw secret in the audit log").isEqualTo(-1);
      String text = new String(raw, StandardCharsets.UTF_8);
      assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(secret));
      assertThat(text).doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret));
      assertThat(text.toLowerCase()).doesNotContain(HexFormat.of().formatHex(secret));
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * One local server serves every region: AWS SDK clients configured for two regions each see their
 * own key space (keys, aliases, ARNs naming their region), their requests are audited in their
 * region, and a restart keeps each region's keys where they were.
 */
class RegionsIT {
  private static final String ACCOUNT = "000000000000";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void twoRegions_areTwoKeySpaces_andStaySoAcrossARestart() throws Exception {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir)) {
      KeyMetadata usKey;
      KeyMetadata euKey;
      SdkBytes euBlob;
      try (KmsClient us = server.client(Region.US_EAST_1);
          KmsClient eu = server.client(Region.EU_WEST_1)) {
        usKey = us.createKey(r -> r.description("us")).keyMetadata();
        euKey = eu.createKey(r -> r.description("eu")).keyMetadata();
        assertThat(usKey.arn()).isEqualTo(arn("us-east-1", usKey.keyId()));
        assertThat(euKey.arn()).isEqualTo(arn("eu-west-1", euKey.keyId()));

        // The same alias name in each region, for each region's key.
        us.createAlias(r -> r.aliasName("alias/app").targetKeyId(usKey.keyId()));
        eu.createAlias(r -> r.aliasName("alias/app").targetKeyId(euKey.keyId()));
        euBlob =
            eu.encrypt(r -> r.keyId("alias/app").plaintext(SdkBytes.fromUtf8String("eu secret")))
                .ciphertextBlob();

        assertRegionsApart(us, eu, usKey, euKey, euBlob);
        AliasListEntry euAlias =
            eu.listAliases(r -> r.keyId(euKey.keyId())).aliases().stream()
                .filter(a -> a.aliasName().equals("alias/app"))
                .findFirst()
                .orElseThrow();
        assertThat(euAlias.aliasArn()).isEqualTo("arn:aws:kms:eu-west-1:" + ACCOUNT + ":alias/app");
      }

      server.restart();

      try (KmsClient us = server.client(Region.US_EAST_1);
          KmsClient eu = server.client(Region.EU_WEST_1)) {
        assertThat(eu.describeKey(r -> r.keyId(euKey.keyId())).keyMetadata()).isEqualTo(euKey);
        assertThat(us.describeKey(r -> r.keyId(usKey.keyId())).keyMetadata()).isEqualTo(usKey);
        assertRegionsApart(us, eu, usKey, euKey, euBlob);
      }
    }
    assertAuditedInTheirRegions();
  }

  private static void assertRegionsApart(
      KmsClient us, KmsClient eu, KeyMetadata usKey, KeyMetadata euKey, SdkBytes euBlob) {
    assertThat(keyIds(us)).contains(usKey.keyId()).doesNotContain(euKey.keyId());
    assertThat(keyIds(eu)).containsExactly(euKey.keyId());
    assertThat(us.describeKey(r -> r.keyId("alias/app")).keyMetadata().keyId())
        .isEqualTo(usKey.keyId());
    assertThat(eu.describeKey(r -> r.keyId("alias/app")).keyMetadata().keyId())
        .isEqualTo(euKey.keyId());
    assertThat(
            expectError("NotFoundException", () -> us.describeKey(r -> r.keyId(euKey.keyId())))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Key '" + arn("us-east-1", euKey.keyId()) + "' does not exist");
    // A key ARN of another region: AWS's regional endpoints answer it so.
    assertThat(
            expectError("NotFoundException", () -> us.describeKey(r -> r.keyId(euKey.arn())))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Invalid arn eu-west-1");
    assertThat(eu.decrypt(r -> r.ciphertextBlob(euBlob)).plaintext().asUtf8String())
        .isEqualTo("eu secret");
    expectError("AccessDeniedException", () -> us.decrypt(r -> r.ciphertextBlob(euBlob)));
  }

  @Test
  void aCredentialScopeNamingNoRegion_isRefused_asInvalidSignature() {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient moon = server.client(Region.of("moon-base"))) {
      assertThat(
              expectError("InvalidSignatureException", moon::listKeys)
                  .awsErrorDetails()
                  .errorMessage())
          .isEqualTo("Credential should be scoped to a valid region, not 'moon-base'. ");
    }
  }

  private static List<String> keyIds(KmsClient kms) {
    return kms.listKeys(r -> r.limit(1000)).keys().stream().map(KeyListEntry::keyId).toList();
  }

  private static String arn(String region, String keyId) {
    return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + keyId;
  }

  /** Each CreateKey record names the region it happened in. */
  private void assertAuditedInTheirRegions() throws IOException {
    List<JsonNode> creates =
        Files.readAllLines(dataDir.resolve("audit.jsonl")).stream()
            .map(RegionsIT::parse)
            .filter(e -> e.path("eventName").asText().equals("CreateKey"))
            .toList();
    assertThat(creates)
        .extracting(e -> e.path("awsRegion").asText())
        .containsExactlyInAnyOrder("us-east-1", "eu-west-1");
    for (JsonNode create : creates) {
      assertThat(create.at("/responseElements/keyMetadata/arn").asText())
          .startsWith("arn:aws:kms:" + create.path("awsRegion").asText() + ":");
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}

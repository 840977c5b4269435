package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * GetKeyPolicy, PutKeyPolicy, ListKeyPolicies and AWS managed keys through the AWS SDK for Java v2
 * against the packaged server, as the development credentials call them. Their keys' policies name
 * both the account root and the development user {@code user/test}, so they let the development
 * caller in whichever it is taken for.
 */
class KeyPolicyIT {
  private static final String ROOT = "arn:aws:iam::000000000000:root";
  private static final String DEVELOPER = "arn:aws:iam::000000000000:user/test";

  @TempDir static Path dataDir;
  static LocalKmsServer server;
  static KmsClient kms;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir);
    kms = server.client();
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  @Test
  void aKeysPolicy_isReadReplacedAndListed() {
    String initial = policy(ROOT, DEVELOPER);
    String keyId =
        kms.createKey(r -> r.description("with a policy").policy(initial)).keyMetadata().keyId();

    GetKeyPolicyResponse read = kms.getKeyPolicy(r -> r.keyId(keyId));
    assertThat(read.policyName()).isEqualTo("default");
    assertThat(read.policy()).isEqualTo(initial);

    String policy = policy(DEVELOPER, ROOT);
    kms.putKeyPolicy(r -> r.keyId(keyId).policy(policy));

    assertThat(kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy())
        .isEqualTo(policy);
    assertThat(kms.listKeyPolicies(r -> r.keyId(keyId)).policyNames()).containsExactly("default");
    expectError("NotFoundException", () -> kms.getKeyPolicy(r -> r.keyId(keyId).policyName("x")));
  }

  @Test
  void aPolicyThatWouldLockTheCallerOut_isMalformed_unlessTheCheckIsBypassed() {
    String keyId =
        kms.createKey(r -> r.description("guarded").policy(policy(ROOT, DEVELOPER)))
            .keyMetadata()
            .keyId();
    String onlyAlice = policy("arn:aws:iam::000000000000:user/alice");

    assertThat(
            expectError(
                    "MalformedPolicyDocumentException",
                    () -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(onlyAlice)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("The new key policy will not allow you to update the key policy in the future.");
    expectError("MalformedPolicyDocumentException", () -> kms.createKey(r -> r.policy(onlyAlice)));
    expectError(
        "MalformedPolicyDocumentException",
        () -> kms.putKeyPolicy(r -> r.keyId(keyId).policy("not a policy")));

    kms.putKeyPolicy(r -> r.keyId(keyId).policy(onlyAlice).bypassPolicyLockoutSafetyCheck(true));
    expectError("AccessDeniedException", () -> kms.getKeyPolicy(r -> r.keyId(keyId)));
  }

  @Test
  void anAwsManagedKey_isCreatedOnFirstUse_andListedAsAws() {
    assertThat(kms.listAliases().aliases())
        .filteredOn(a -> a.aliasName().equals("alias/aws/ssm"))
        .singleElement()
        .satisfies(a -> assertThat(a.targetKeyId()).isNull());

    KeyMetadata managed = kms.describeKey(r -> r.keyId("alias/aws/ssm")).keyMetadata();

    assertThat(managed.keyManager()).isEqualTo(KeyManagerType.AWS);
    assertThat(managed.description())
        .isEqualTo("Default key that protects my SSM parameters when no other key is defined");
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(managed.keyId())).keyRotationEnabled())
        .isTrue();
    AliasListEntry alias = kms.listAliases(r -> r.keyId(managed.keyId())).aliases().get(0);
    assertThat(alias.aliasName()).isEqualTo("alias/aws/ssm");
    expectError("AccessDeniedException", () -> kms.disableKey(r -> r.keyId(managed.keyId())));
    expectError(
        "AccessDeniedException",
        () -> kms.putKeyPolicy(r -> r.keyId(managed.keyId()).policy(policy(ROOT, DEVELOPER))));
  }

  /** A key policy allowing these principals everything. */
  private static String policy(String... principals) {
    StringBuilder statements = new StringBuilder();
    for (String principal : principals) {
      statements
          .append(statements.length() == 0 ? "" : ",")
          .append("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"")
          .append(principal)
          .append("\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
    }
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }
}

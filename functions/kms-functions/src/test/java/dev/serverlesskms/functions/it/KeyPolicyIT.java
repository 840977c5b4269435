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
 * against the packaged server, as the development credentials (the account root) call them.
 */
class KeyPolicyIT {
  private static final String ROOT = "arn:aws:iam::000000000000:root";

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
    String keyId = kms.createKey(r -> r.description("with a policy")).keyMetadata().keyId();

    GetKeyPolicyResponse initial = kms.getKeyPolicy(r -> r.keyId(keyId));
    assertThat(initial.policyName()).isEqualTo("default");
    assertThat(initial.policy()).contains("\"Sid\":\"Enable IAM User Permissions\"").contains(ROOT);

    String policy = policy(ROOT);
    kms.putKeyPolicy(r -> r.keyId(keyId).policy(policy));

    assertThat(kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy())
        .isEqualTo(policy);
    assertThat(kms.listKeyPolicies(r -> r.keyId(keyId)).policyNames()).containsExactly("default");
    expectError("NotFoundException", () -> kms.getKeyPolicy(r -> r.keyId(keyId).policyName("x")));
  }

  @Test
  void aPolicyThatWouldLockTheCallerOut_isMalformed_unlessTheCheckIsBypassed() {
    String keyId = kms.createKey(r -> r.description("guarded")).keyMetadata().keyId();
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
    assertThat(kms.getKeyPolicy(r -> r.keyId(managed.keyId())).policy())
        .contains("\"kms:ViaService\":\"ssm.us-east-1.amazonaws.com\"");
    AliasListEntry alias = kms.listAliases(r -> r.keyId(managed.keyId())).aliases().get(0);
    assertThat(alias.aliasName()).isEqualTo("alias/aws/ssm");
    expectError("AccessDeniedException", () -> kms.disableKey(r -> r.keyId(managed.keyId())));
    expectError(
        "AccessDeniedException",
        () -> kms.putKeyPolicy(r -> r.keyId(managed.keyId()).policy(policy(ROOT))));
  }

  private static String policy(String principal) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + principal
        + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }
}

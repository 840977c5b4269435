package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Authorization through the AWS SDK for Java v2 against the packaged server, with principals of two
 * accounts (the KMS's own, 000000000000, and 111122223333) from a principals file: each rule of
 * AWS's evaluation allows what it should and refuses what it should.
 */
class AuthorizationIT {
  private static final String OWN = "000000000000";
  private static final String OTHER = "111122223333";
  private static final String ROOT_STATEMENT =
      "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::000000000000:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}";

  /**
   * alice may do anything by IAM; bob, carol have no identity policy; dave denies himself Encrypt.
   */
  private static final String PRINCIPALS =
      """
      {"principals": [
        {"accessKeyId": "AKIAALICE", "secretAccessKey": "alice-secret",
         "arn": "arn:aws:iam::000000000000:user/alice",
         "policies": [{"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}]},
        {"accessKeyId": "AKIABOB", "secretAccessKey": "bob-secret",
         "arn": "arn:aws:iam::000000000000:user/bob", "policies": []},
        {"accessKeyId": "AKIACAROL", "secretAccessKey": "carol-secret",
         "arn": "arn:aws:iam::000000000000:user/carol", "policies": []},
        {"accessKeyId": "AKIADAVE", "secretAccessKey": "dave-secret",
         "arn": "arn:aws:iam::000000000000:user/dave",
         "policies": [{"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
           {"Effect": "Deny", "Action": "kms:Encrypt", "Resource": "*"}]}]},
        {"accessKeyId": "AKIAOPS", "secretAccessKey": "ops-secret",
         "arn": "arn:aws:iam::111122223333:role/ops", "sessionName": "deploy",
         "policies": [{"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
            "Resource": "arn:aws:kms:us-east-1:000000000000:key/*"}]}]},
        {"accessKeyId": "AKIAERIN", "secretAccessKey": "erin-secret",
         "arn": "arn:aws:iam::111122223333:user/erin", "policies": []}
      ]}
      """;

  @TempDir static Path dir;
  private static LocalKmsServer server;
  private static KmsClient root;
  private static KmsClient alice;
  private static KmsClient bob;
  private static KmsClient carol;
  private static KmsClient dave;
  private static KmsClient ops;
  private static KmsClient erin;

  @BeforeAll
  static void start() throws IOException {
    Path principals = dir.resolve("principals.json");
    Files.writeString(principals, PRINCIPALS, StandardCharsets.UTF_8);
    server =
        LocalKmsServer.start(
            dir.resolve("data"), Map.of("kms.principals-file", principals.toString()));
    root = server.client();
    alice = server.client("AKIAALICE", "alice-secret");
    bob = server.client("AKIABOB", "bob-secret");
    carol = server.client("AKIACAROL", "carol-secret");
    dave = server.client("AKIADAVE", "dave-secret");
    ops = server.client("AKIAOPS", "ops-secret");
    erin = server.client("AKIAERIN", "erin-secret");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String keyWithPolicy(String... statements) {
    return root.createKey(
            r ->
                r.policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + String.join(",", statements)
                        + "]}"))
        .keyMetadata()
        .keyId();
  }

  private static String defaultKey() {
    return root.createKey(r -> r.description("default policy")).keyMetadata().keyId();
  }

  private static SdkBytes encrypt(KmsClient client, String keyId, Map<String, String> context) {
    return client
        .encrypt(
            r ->
                r.keyId(keyId)
                    .plaintext(SdkBytes.fromUtf8String("data"))
                    .encryptionContext(context))
        .ciphertextBlob();
  }

  private static String allow(String principalArn, String actions, String condition) {
    return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + principalArn
        + "\"},\"Action\":"
        + actions
        + ",\"Resource\":\"*\""
        + (condition == null ? "" : ",\"Condition\":" + condition)
        + "}";
  }

  @Test
  void defaultPolicy_delegatesToIam_anIdentityPolicyAllows_noneRefuses() {
    String key = defaultKey();

    assertThat(alice.describeKey(r -> r.keyId(key)).keyMetadata().keyId()).isEqualTo(key);
    KmsException refused =
        expectError("AccessDeniedException", () -> bob.describeKey(r -> r.keyId(key)));
    assertThat(refused.awsErrorDetails().errorMessage())
        .isEqualTo(
            "User: arn:aws:iam::000000000000:user/bob is not authorized to perform:"
                + " kms:DescribeKey on resource: arn:aws:kms:us-east-1:000000000000:key/"
                + key
                + " because no identity-based policy allows the kms:DescribeKey action");
  }

  @Test
  void aKeyPolicyNamingTheUser_allowsWithoutAnyIdentityPolicy() {
    String key =
        keyWithPolicy(
            ROOT_STATEMENT, allow("arn:aws:iam::000000000000:user/bob", "\"kms:Encrypt\"", null));

    assertThat(encrypt(bob, key, Map.of()).asByteArray()).isNotEmpty();
    expectError("AccessDeniedException", () -> bob.disableKey(r -> r.keyId(key)));
  }

  @Test
  void anExplicitDeny_inTheKeyPolicy_winsOverAnIdentityAllow() {
    String key =
        keyWithPolicy(
            ROOT_STATEMENT,
            "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:user/alice\"},"
                + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
    SdkBytes blob = encrypt(alice, key, Map.of());

    KmsException refused =
        expectError("AccessDeniedException", () -> alice.decrypt(r -> r.ciphertextBlob(blob)));
    assertThat(refused.awsErrorDetails().errorMessage())
        .endsWith("with an explicit deny in a resource-based policy");
  }

  @Test
  void anExplicitDeny_inAnIdentityPolicy_winsOverTheKeyPolicy() {
    String key = defaultKey();

    KmsException refused = expectError("AccessDeniedException", () -> encrypt(dave, key, Map.of()));
    assertThat(refused.awsErrorDetails().errorMessage())
        .endsWith("with an explicit deny in an identity-based policy");
    assertThat(dave.describeKey(r -> r.keyId(key)).keyMetadata().keyId()).isEqualTo(key);
  }

  @Test
  void anotherAccount_needsTheKeyPolicy_andItsOwnIdentityPolicy() {
    String key = defaultKey();
    SdkBytes blob = encrypt(root, key, Map.of());

    KmsException noKeyPolicy =
        expectError("AccessDeniedException", () -> ops.decrypt(r -> r.ciphertextBlob(blob)));
    assertThat(noKeyPolicy.awsErrorDetails().errorMessage())
        .startsWith(
            "User: arn:aws:sts::111122223333:assumed-role/ops/deploy is not authorized to perform:"
                + " kms:Decrypt")
        .endsWith("because no resource-based policy allows the kms:Decrypt action");

    root.putKeyPolicy(
        r ->
            r.keyId(key)
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + ROOT_STATEMENT
                        + ","
                        + allow(
                            "arn:aws:iam::111122223333:root",
                            "[\"kms:Decrypt\",\"kms:Encrypt\"]",
                            null)
                        + "]}"));

    assertThat(ops.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
        .isEqualTo("data");
    KmsException noIdentityPolicy =
        expectError("AccessDeniedException", () -> erin.decrypt(r -> r.ciphertextBlob(blob)));
    assertThat(noIdentityPolicy.awsErrorDetails().errorMessage())
        .endsWith("because no identity-based policy allows the kms:Decrypt action");
    expectError(
        "AccessDeniedException",
        "the role's identity policy does not allow DisableKey",
        () -> ops.disableKey(r -> r.keyId(key)));
  }

  @Test
  void anEncryptionContextCondition_allowsOnlyMatchingRequests() {
    String key =
        keyWithPolicy(
            ROOT_STATEMENT,
            allow(
                "arn:aws:iam::000000000000:user/bob",
                "[\"kms:Encrypt\",\"kms:Decrypt\"]",
                "{\"StringEquals\":{\"kms:EncryptionContext:tenant\":\"acme\"}}"));

    SdkBytes acme = encrypt(bob, key, Map.of("tenant", "acme"));
    assertThat(
            bob.decrypt(r -> r.ciphertextBlob(acme).encryptionContext(Map.of("tenant", "acme")))
                .plaintext()
                .asUtf8String())
        .isEqualTo("data");
    expectError("AccessDeniedException", () -> encrypt(bob, key, Map.of("tenant", "other")));
    expectError("AccessDeniedException", () -> encrypt(bob, key, Map.of()));
  }

  @Test
  void aGrant_allowsItsOperations_underItsConstraints_atOnceWithItsToken_untilRevoked() {
    String key = defaultKey();
    CreateGrantResponse grant =
        root.createGrant(
            r ->
                r.keyId(key)
                    .granteePrincipal("arn:aws:iam::000000000000:user/carol")
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextEquals(Map.of("tenant", "acme"))));

    SdkBytes blob =
        carol
            .encrypt(
                r ->
                    r.keyId(key)
                        .plaintext(SdkBytes.fromUtf8String("data"))
                        .encryptionContext(Map.of("tenant", "acme"))
                        .grantTokens(grant.grantToken()))
            .ciphertextBlob();
    assertThat(
            carol
                .decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "acme")))
                .plaintext()
                .asUtf8String())
        .isEqualTo("data");
    expectError(
        "AccessDeniedException",
        "EncryptionContextEquals: one pair more is not equal",
        () -> encrypt(carol, key, Map.of("tenant", "acme", "extra", "x")));
    expectError(
        "AccessDeniedException",
        "the grant has no GenerateDataKey",
        () ->
            carol.generateDataKey(
                r -> r.keyId(key).numberOfBytes(32).encryptionContext(Map.of("tenant", "acme"))));
    assertThat(root.listGrants(r -> r.keyId(key)).grants())
        .singleElement()
        .satisfies(g -> assertThat(g.grantId()).isEqualTo(grant.grantId()));

    root.revokeGrant(r -> r.keyId(key).grantId(grant.grantId()));

    expectError(
        "AccessDeniedException",
        () ->
            carol.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "acme"))));
    assertThat(root.listGrants(r -> r.keyId(key)).grants()).isEmpty();
  }

  @Test
  void theRetiringPrincipal_retiresAGrant_byItsToken() {
    String key = defaultKey();
    CreateGrantResponse grant =
        root.createGrant(
            r ->
                r.keyId(key)
                    .granteePrincipal("arn:aws:iam::000000000000:user/carol")
                    .retiringPrincipal("arn:aws:iam::000000000000:user/bob")
                    .operations(GrantOperation.DESCRIBE_KEY));
    assertThat(carol.describeKey(r -> r.keyId(key)).keyMetadata().keyId()).isEqualTo(key);
    assertThat(
            root.listRetirableGrants(r -> r.retiringPrincipal("arn:aws:iam::000000000000:user/bob"))
                .grants())
        .anySatisfy(g -> assertThat(g.grantId()).isEqualTo(grant.grantId()));

    expectError(
        "AccessDeniedException",
        "carol is neither retiring principal nor has RetireGrant",
        () -> carol.retireGrant(r -> r.grantToken(grant.grantToken())));
    bob.retireGrant(r -> r.grantToken(grant.grantToken()));

    expectError("AccessDeniedException", () -> carol.describeKey(r -> r.keyId(key)));
  }

  @Test
  void thePolicyLockoutCheck_refusesAPolicyThatLocksTheCallerOut_unlessBypassed() {
    String key = defaultKey();
    String bobOnly =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + allow("arn:aws:iam::000000000000:user/bob", "\"kms:Decrypt\"", null)
            + "]}";

    KmsException refused =
        expectError(
            "MalformedPolicyDocumentException",
            () -> root.putKeyPolicy(r -> r.keyId(key).policy(bobOnly)));
    assertThat(refused.awsErrorDetails().errorMessage())
        .isEqualTo("The new key policy will not allow you to update the key policy in the future.");

    root.putKeyPolicy(r -> r.keyId(key).policy(bobOnly).bypassPolicyLockoutSafetyCheck(true));

    expectError(
        "AccessDeniedException",
        "the root is bound by the key policy too",
        () -> root.putKeyPolicy(r -> r.keyId(key).policy(bobOnly)));
    expectError(
        "AccessDeniedException", "bob may only Decrypt", () -> bob.getKeyPolicy(r -> r.keyId(key)));
  }
}

package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidGrantIdException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The five grant operations through the AWS SDK for Java v2 against the packaged local server, with
 * several principals of the KMS's account (access keys bound to ARNs, without identity policies):
 * the account root administers the key (the default key policy), the others act only through
 * grants. The SDK's own types (GrantOperation, GrantConstraints, GrantListEntry) and exceptions
 * read every answer.
 */
class GrantsIT {
  private static final String ACCOUNT = "000000000000";
  private static final String ROOT = "arn:aws:iam::" + ACCOUNT + ":root";
  private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";
  private static final String CAROL = "arn:aws:iam::" + ACCOUNT + ":user/carol";
  private static final String MALLORY = "arn:aws:iam::" + ACCOUNT + ":user/mallory";
  private static final Map<String, String> DEPT = Map.of("Department", "IT");

  @TempDir static Path dataDir;
  static LocalKmsServer server;
  static KmsClient root;
  static KmsClient alice;
  static KmsClient carol;
  static KmsClient mallory;

  @BeforeAll
  static void start() {
    server =
        LocalKmsServer.start(
            dataDir,
            Map.of(
                "kms.local.credentials",
                String.join(
                    ",",
                    "test:test",
                    "ROOTKEY:root-secret:" + ROOT,
                    "ALICEKEY:alice-secret:" + ALICE,
                    "CAROLKEY:carol-secret:" + CAROL,
                    "MALLORYKEY:mallory-secret:" + MALLORY)));
    root = server.client("ROOTKEY", "root-secret");
    alice = server.client("ALICEKEY", "alice-secret");
    carol = server.client("CAROLKEY", "carol-secret");
    mallory = server.client("MALLORYKEY", "mallory-secret");
  }

  @AfterAll
  static void stop() {
    for (KmsClient client : new KmsClient[] {root, alice, carol, mallory}) {
      client.close();
    }
    server.close();
  }

  private static String newKey() {
    return root.createKey(r -> r.description("granted")).keyMetadata().keyId();
  }

  @Test
  void createGrant_thenListGrants_inTheSdksTypes() {
    String keyId = newKey();

    CreateGrantResponse created =
        root.createGrant(
            r ->
                r.keyId(keyId)
                    .granteePrincipal(ALICE)
                    .retiringPrincipal(CAROL)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextSubset(DEPT))
                    .name("orders"));

    assertThat(created.grantId()).matches("[0-9a-f]{64}");
    assertThat(created.grantToken()).startsWith("AQpA").hasSize(140);
    GrantListEntry grant = root.listGrants(r -> r.keyId(keyId)).grants().get(0);
    assertThat(grant.grantId()).isEqualTo(created.grantId());
    assertThat(grant.keyId()).isEqualTo("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + keyId);
    assertThat(grant.name()).isEqualTo("orders");
    assertThat(grant.granteePrincipal()).isEqualTo(ALICE);
    assertThat(grant.retiringPrincipal()).isEqualTo(CAROL);
    assertThat(grant.issuingAccount()).isEqualTo(ROOT);
    assertThat(grant.operations()).containsExactly(GrantOperation.ENCRYPT, GrantOperation.DECRYPT);
    assertThat(grant.constraints().encryptionContextSubset()).isEqualTo(DEPT);
    assertThat(grant.creationDate()).isNotNull();
    assertThat(
            root.createGrant(
                    r ->
                        r.keyId(keyId)
                            .granteePrincipal(ALICE)
                            .retiringPrincipal(CAROL)
                            .operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT)
                            .constraints(c -> c.encryptionContextSubset(DEPT))
                            .name("orders"))
                .grantId())
        .as("the same name and parameters: the same grant")
        .isEqualTo(created.grantId());
    assertThat(root.listGrants(r -> r.keyId(keyId)).grants()).hasSize(1);
  }

  @Test
  void aGranteeWithCreateGrant_grantsNoMoreThanItHas() {
    String keyId = newKey();
    String token =
        root.createGrant(
                r ->
                    r.keyId(keyId)
                        .granteePrincipal(ALICE)
                        .operations(GrantOperation.CREATE_GRANT, GrantOperation.DECRYPT)
                        .constraints(c -> c.encryptionContextSubset(DEPT)))
            .grantToken();

    alice.createGrant(
        r ->
            r.keyId(keyId)
                .granteePrincipal(MALLORY)
                .operations(GrantOperation.DECRYPT)
                .constraints(c -> c.encryptionContextEquals(DEPT))
                .grantTokens(token));
    assertThat(
            expectError(
                    "AccessDeniedException",
                    () ->
                        alice.createGrant(
                            r ->
                                r.keyId(keyId)
                                    .granteePrincipal(MALLORY)
                                    .operations(GrantOperation.ENCRYPT)
                                    .constraints(c -> c.encryptionContextSubset(DEPT))))
                .awsErrorDetails()
                .errorMessage())
        .startsWith("User: " + ALICE + " is not authorized to perform: kms:CreateGrant");
    assertThat(
            expectError(
                "InvalidGrantTokenException",
                () ->
                    alice.createGrant(
                        r ->
                            r.keyId(keyId)
                                .granteePrincipal(MALLORY)
                                .operations(GrantOperation.DECRYPT)
                                .constraints(c -> c.encryptionContextSubset(DEPT))
                                .grantTokens("not-a-grant-token"))))
        .isInstanceOf(InvalidGrantTokenException.class);
    assertThat(root.listGrants(r -> r.keyId(keyId)).grants()).hasSize(2);
  }

  @Test
  void retireGrant_byTheRetiringPrincipal_withTheToken_notBySomeoneElse() {
    String keyId = newKey();
    CreateGrantResponse created =
        root.createGrant(
            r ->
                r.keyId(keyId)
                    .granteePrincipal(ALICE)
                    .retiringPrincipal(CAROL)
                    .operations(GrantOperation.ENCRYPT));

    assertThat(
            root.listRetirableGrants(r -> r.retiringPrincipal(CAROL)).grants().stream()
                .map(GrantListEntry::grantId))
        .contains(created.grantId());
    assertThat(
            expectError(
                    "AccessDeniedException",
                    () -> mallory.retireGrant(r -> r.grantToken(created.grantToken())))
                .awsErrorDetails()
                .errorMessage())
        .startsWith("User: " + MALLORY + " is not authorized to perform: kms:RetireGrant");
    expectError(
        "AccessDeniedException",
        () -> alice.retireGrant(r -> r.keyId(keyId).grantId(created.grantId())));

    carol.retireGrant(r -> r.grantToken(created.grantToken()));

    assertThat(root.listGrants(r -> r.keyId(keyId)).grants()).isEmpty();
    assertThat(
            expectError(
                "NotFoundException",
                () -> carol.retireGrant(r -> r.grantToken(created.grantToken()))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void revokeGrant_byTheKeyAdministrator_only() {
    String keyId = newKey();
    String grantId =
        root.createGrant(
                r -> r.keyId(keyId).granteePrincipal(ALICE).operations(GrantOperation.ENCRYPT))
            .grantId();

    expectError(
        "AccessDeniedException", () -> alice.revokeGrant(r -> r.keyId(keyId).grantId(grantId)));
    assertThat(
            expectError(
                "DryRunOperationException",
                () -> root.revokeGrant(r -> r.keyId(keyId).grantId(grantId).dryRun(true))))
        .isInstanceOf(DryRunOperationException.class);
    root.revokeGrant(r -> r.keyId(keyId).grantId(grantId));

    assertThat(root.listGrants(r -> r.keyId(keyId)).grants()).isEmpty();
    expectError("NotFoundException", () -> root.revokeGrant(r -> r.keyId(keyId).grantId(grantId)));
    assertThat(
            expectError(
                "InvalidGrantIdException",
                () -> root.revokeGrant(r -> r.keyId(keyId).grantId("not-a-grant-id"))))
        .isInstanceOf(InvalidGrantIdException.class);
  }

  @Test
  void badMembers_areAnsweredAsAwsAnswersThem() {
    String keyId = newKey();

    assertThat(
            expectError(
                    "ValidationException",
                    () ->
                        root.createGrant(
                            r ->
                                r.keyId(keyId)
                                    .granteePrincipal(ALICE)
                                    .operationsWithStrings("Encrypt", "MineBitcoin")))
                .awsErrorDetails()
                .errorMessage())
        .startsWith(
            "1 validation error detected: Value '[Encrypt, MineBitcoin]' at 'operations' failed"
                + " to satisfy constraint: Member must satisfy constraint: [Member must satisfy"
                + " enum value set: [Decrypt, Encrypt,");
    assertThat(
            expectError(
                "InvalidArnException",
                () ->
                    root.createGrant(
                        r ->
                            r.keyId(keyId)
                                .granteePrincipal("arn:aws:iam::" + ACCOUNT + ":group/admins")
                                .operations(GrantOperation.ENCRYPT))))
        .isInstanceOf(InvalidArnException.class);
  }

  @Test
  void theAuditLog_recordsGrantChanges_butNeverAGrantToken() throws IOException {
    String keyId = newKey();
    CreateGrantResponse created =
        root.createGrant(
            r -> r.keyId(keyId).granteePrincipal(ALICE).operations(GrantOperation.ENCRYPT));
    root.revokeGrant(r -> r.keyId(keyId).grantId(created.grantId()));

    String log = Files.readString(server.auditLog());
    assertThat(log)
        .contains("CreateGrant")
        .contains("RevokeGrant")
        .contains(created.grantId())
        .doesNotContain(created.grantToken());
  }
}

package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.GrantRequestsBuilder.ALICE;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.createGrant;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.revoke;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.createAlias;
import static dev.serverlesskms.core.operation.Requests.deleteAlias;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.port.ResourceQuotas;
import dev.serverlesskms.testkit.TestKms;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The resource quotas each operation enforces from {@code env.quotas()}, reached with small
 * configured limits: customer managed keys per region (CreateKey), aliases per key (CreateAlias),
 * grants per key (CreateGrant). Each refusal is LimitExceededException, audited, and writes
 * nothing; deleting frees its place.
 */
class ResourceQuotasTest {
  private static KmsFixture quotas(long keys, int aliases, int grants) {
    return KmsFixture.withQuotas(new ResourceQuotas(keys, aliases, grants));
  }

  @Test
  void aKmsWithoutConfiguredQuotas_hasAwsDefaults() {
    assertThat(TestKms.create().environment().quotas())
        .isEqualTo(new ResourceQuotas(100_000, 50, 50_000));
  }

  @Test
  void createKey_pastTheKeyQuota_isLimitExceeded_audited_andCreatesNothing() {
    KmsFixture f = quotas(2, 50, 50_000);
    f.createKey();
    f.externalKey(); // a key waiting for its material counts too

    assertThat(
            f.error(KmsErrorType.LIMIT_EXCEEDED, f.kms.createKey, Requests.createKey().build())
                .getMessage())
        .isEqualTo("Key quota for this account in this region is 2 but the current usage is 2.");

    AuditEvent refusal = f.lastAudit();
    assertThat(refusal.eventName()).isEqualTo("CreateKey");
    assertThat(refusal.errorCode()).isEqualTo("LimitExceededException");
    assertThat(f.call(f.kms.listKeys, Requests.listKeys(null, null)).keys()).hasSize(2);
    assertThat(f.test.store().countCustomerKeys()).isEqualTo(2);
    assertThat(f.test.store().pendingRecords(100)).isEmpty();
  }

  @Test
  void aDeletedKey_freesItsPlaceInTheQuota() {
    KmsFixture f = quotas(1, 50, 50_000);
    String keyId = f.createKey();
    f.error(KmsErrorType.LIMIT_EXCEEDED, f.kms.createKey, Requests.createKey().build());

    f.scheduleDeletion(keyId);
    // a key pending deletion still holds its place
    f.error(KmsErrorType.LIMIT_EXCEEDED, f.kms.createKey, Requests.createKey().build());
    f.advance(Duration.ofDays(31));
    f.test.lifecycleJob().run();

    assertThat(f.test.store().countCustomerKeys()).isZero();
    f.createKey();
  }

  @Test
  void awsManagedKeys_doNotCountAgainstTheKeyQuota() {
    KmsFixture f = quotas(1, 50, 50_000);
    String keyId = f.createKey();

    // its first use creates the AWS managed key
    assertThat(f.describe("alias/aws/s3").keyManager()).isEqualTo("AWS");

    assertThat(f.test.store().countCustomerKeys()).isEqualTo(1);
    assertThat(f.call(f.kms.listKeys, Requests.listKeys(null, null)).keys()).hasSize(2);
    f.error(KmsErrorType.LIMIT_EXCEEDED, f.kms.createKey, Requests.createKey().build());
    assertThat(f.describe(keyId).origin()).isEqualTo(Origin.AWS_KMS);
  }

  @Test
  void createAlias_pastTheAliasQuota_isLimitExceeded_perKey() {
    KmsFixture f = quotas(100, 2, 50_000);
    String keyId = f.createKey();
    f.createAlias("alias/one", keyId);
    f.createAlias("alias/two", keyId);

    assertThat(
            f.error(
                KmsErrorType.LIMIT_EXCEEDED, f.kms.createAlias, createAlias("alias/three", keyId)))
        .hasMessage("A key can have at most 2 aliases: " + arn(keyId));
    assertThat(f.lastAudit().errorCode()).isEqualTo("LimitExceededException");
    f.createAlias("alias/three", f.createKey());

    f.call(f.kms.deleteAlias, deleteAlias("alias/one"));
    f.createAlias("alias/four", keyId);
  }

  @Test
  void createGrant_pastTheGrantQuota_isLimitExceeded_perKey() {
    KmsFixture f = quotas(100, 50, 2);
    String keyId = f.createKey();
    String first =
        f.call(f.kms.createGrant, createGrant(keyId, ALICE.arn(), "Encrypt").build()).grantId();
    f.call(f.kms.createGrant, createGrant(keyId, ALICE.arn(), "Decrypt").build());

    assertThat(
            f.error(
                    KmsErrorType.LIMIT_EXCEEDED,
                    f.kms.createGrant,
                    createGrant(keyId, ALICE.arn(), "GenerateDataKey").build())
                .getMessage())
        .isEqualTo("A key can have at most 2 grants: " + arn(keyId));
    assertThat(f.lastAudit().errorCode()).isEqualTo("LimitExceededException");
    f.call(f.kms.createGrant, createGrant(f.createKey(), ALICE.arn(), "Encrypt").build());

    f.call(f.kms.revokeGrant, revoke(keyId, first));
    f.call(f.kms.createGrant, createGrant(keyId, ALICE.arn(), "Encrypt").build());
  }

  @Test
  void theKeyQuota_isPerRegion() {
    KmsFixture f = quotas(1, 50, 50_000);
    f.createKey();
    f.error(KmsErrorType.LIMIT_EXCEEDED, f.kms.createKey, Requests.createKey().build());

    f.test.callIn("eu-west-1", f.kms.createKey, Requests.createKey().build());

    assertThat(f.test.store().inRegion("eu-west-1").countCustomerKeys()).isEqualTo(1);
    assertThat(f.test.store().countCustomerKeys()).isEqualTo(1);
  }
}

package dev.serverlesskms.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.authz.Authorizer;
import dev.serverlesskms.core.authz.GrantAuthority;
import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.AccessRequest;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.TestKms;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How much authorization costs beside an Encrypt, on one thread: an Encrypt through the in-memory
 * KMS (store read, enclave unwrap, AES-GCM, audit record), the whole {@link Authorizer} check with
 * a 10-statement key policy and an identity policy, and the key policy's evaluation alone. A
 * measurement, not a test: it runs only with {@code -Dpolicy.bench=true} and prints its figures.
 *
 * <pre>mvn -o -pl functions/kms-core test -Dtest=AuthorizationCostBenchmark -Dpolicy.bench=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "policy.bench", matches = "true")
class AuthorizationCostBenchmark {
  static final String A = "111122223333";
  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /** Ten statements of the kinds real key policies hold. */
  static final String POLICY =
      """
      {"Version": "2012-10-17", "Id": "key-consolepolicy-3", "Statement": [
       {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
       {"Sid": "Allow access for Key Administrators", "Effect": "Allow",
        "Principal": {"AWS": ["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:user/ops-lead"]},
        "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
         "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
         "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand"], "Resource": "*"},
       {"Sid": "Allow use of the key", "Effect": "Allow",
        "Principal": {"AWS": ["arn:aws:iam::111122223333:role/ops", "arn:aws:iam::111122223333:user/alice"]},
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}},
       {"Sid": "Allow attachment of persistent resources", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/ops"},
        "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": "*",
        "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
       {"Sid": "Deny outside the network", "Effect": "Deny", "Principal": "*", "Action": "kms:*",
        "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]},
         "Bool": {"aws:ViaAWSService": "false"}}},
       {"Sid": "Only admins delete", "Effect": "Deny",
        "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:root"]},
        "Action": "kms:ScheduleKeyDeletion", "Resource": "*"},
       {"Sid": "Partner account", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], "Resource": "*"},
       {"Sid": "Through EC2", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt", "kms:CreateGrant"],
        "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333",
         "kms:ViaService": "ec2.us-east-1.amazonaws.com"}}},
       {"Sid": "No restricted data", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionContext:Stage": ["Restricted", "Production"]}}},
       {"Sid": "Auditors", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/auditor"},
        "Action": ["kms:Describe*", "kms:Get*", "kms:List*"], "Resource": "*"}
      ]}
      """;

  static final String IDENTITY =
      """
      {"Version": "2012-10-17", "Statement": [
       {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "arn:aws:kms:*:111122223333:key/*"},
       {"Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}]}
      """;

  @Test
  void measure() {
    KmsFixture f = new KmsFixture();
    String keyId = f.createKey();
    byte[] plaintext = new byte[64];
    double encrypt =
        nanosPerCall(
            () -> f.call(f.kms.encrypt, Requests.encrypt(keyId, plaintext, KmsFixture.CONTEXT)));

    KmsKey key = KeyFixtures.enabledKey().policy(POLICY).build();
    Caller alice = new Caller("IAMUser", "AIDA", "arn:aws:iam::" + A + ":user/alice", A, "AK");
    PolicyDocument identity = PolicyDocument.parseIdentityPolicy(IDENTITY);
    Authorizer authorizer =
        new Authorizer(
            TestKms.LOCATION, c -> List.of(identity), GrantAuthority.none(), k -> List.of());
    RequestContext request = new RequestContext("r", alice, "10.1.2.3", "bench");
    Instant now = Instant.parse("2026-07-01T12:00:00Z");
    // A key read from a store brings a new String for its policy on every request: the check is
    // timed with such a key, less the time of making it (which is the store's, not the check's).
    Supplier<KmsKey> freshKey =
        () -> key.toBuilder().policy(new String(POLICY.toCharArray())).build();
    double making = nanosPerCall(freshKey);
    double checking =
        nanosPerCall(
            () -> {
              KeyAccess access =
                  KeyAccess.grantable(
                      "Encrypt",
                      freshKey.get(),
                      ConditionContext.builder().encryptionContext(KmsFixture.CONTEXT).build(),
                      KmsFixture.CONTEXT,
                      List.of());
              authorizer.requireAllowed(request, now, access);
              return access;
            });
    double authorize = checking - making;

    PolicyDocument policy = PolicyDocument.parseKeyPolicy(POLICY);
    AccessRequest question =
        new AccessRequest(
            PolicyPrincipal.of(alice),
            "kms:Encrypt",
            key.arn(),
            ConditionContext.builder()
                .encryptionContext(KmsFixture.CONTEXT)
                .put("aws:SourceIp", "10.1.2.3")
                .put("kms:CallerAccount", A)
                .build());
    assertThat(policy.evaluate(question)).isEqualTo(Decision.ALLOW);
    double evaluate = nanosPerCall(() -> policy.evaluate(question));
    double parse = nanosPerCall(() -> PolicyDocument.parseKeyPolicy(POLICY));

    System.out.printf(
        "Encrypt (in-memory KMS, 64 bytes): %.0f ns%n"
            + "Authorizer.requireAllowed (10-statement key policy + identity policy): %.0f ns (%.1f %% of"
            + " Encrypt)%n"
            + "PolicyDocument.evaluate (10 statements): %.0f ns%n"
            + "PolicyDocument.parseKeyPolicy (10 statements, once per policy text): %.0f ns%n",
        encrypt, authorize, 100 * authorize / encrypt, evaluate, parse);
  }

  /**
   * Mean CPU nanoseconds per call (this thread's CPU time, so that other processes on a loaded
   * machine do not count) after a warm-up, the best of five rounds.
   */
  static double nanosPerCall(Supplier<?> call) {
    Object sink = null;
    for (int i = 0; i < 20_000; i++) {
      sink = call.get();
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      int n = 20_000;
      long start = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = call.get();
      }
      best = Math.min(best, (CPU.getCurrentThreadCpuTime() - start) / (double) n);
    }
    assertThat(sink).isNotNull();
    return best;
  }
}

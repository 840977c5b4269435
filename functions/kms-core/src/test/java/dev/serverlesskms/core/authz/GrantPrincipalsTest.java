package dev.serverlesskms.core.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantPrincipalsTest {
  static final PolicyPrincipal ALICE =
      new PolicyPrincipal("arn:aws:iam::111122223333:user/alice", "111122223333", null, null);
  static final PolicyPrincipal ROOT =
      new PolicyPrincipal("arn:aws:iam::111122223333:root", "111122223333", null, null);
  static final PolicyPrincipal SESSION =
      new PolicyPrincipal(
          "arn:aws:sts::111122223333:assumed-role/app/worker-1",
          "111122223333",
          "arn:aws:iam::111122223333:role/app",
          null);
  static final PolicyPrincipal LOGS =
      new PolicyPrincipal(null, "111122223333", null, "logs.amazonaws.com");

  @Test
  void aPrincipalNamesTheCaller_byItsArn_itsRole_orTheServiceItIs() {
    assertThat(GrantPrincipals.match("arn:aws:iam::111122223333:user/alice", ALICE))
        .isEqualTo(Decision.ALLOW);
    assertThat(GrantPrincipals.match("arn:aws:iam::111122223333:role/app", SESSION))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            GrantPrincipals.match("arn:aws:sts::111122223333:assumed-role/app/worker-1", SESSION))
        .isEqualTo(Decision.ALLOW);
    assertThat(GrantPrincipals.match("logs.amazonaws.com", LOGS)).isEqualTo(Decision.ALLOW);
  }

  @Test
  void anAccount_namesItsRoot_andItsOtherPrincipalsOnlyThroughTheAccount() {
    assertThat(GrantPrincipals.match("arn:aws:iam::111122223333:root", ROOT))
        .isEqualTo(Decision.ALLOW);
    assertThat(GrantPrincipals.match("111122223333", ROOT)).isEqualTo(Decision.ALLOW);
    assertThat(GrantPrincipals.match("arn:aws:iam::111122223333:root", ALICE))
        .isEqualTo(Decision.ALLOW_VIA_ACCOUNT);
    assertThat(GrantPrincipals.match("111122223333", SESSION))
        .isEqualTo(Decision.ALLOW_VIA_ACCOUNT);
  }

  @Test
  void anythingElse_namesSomeoneElse() {
    assertThat(GrantPrincipals.match("arn:aws:iam::111122223333:user/bob", ALICE))
        .isEqualTo(Decision.NOT_ALLOWED);
    assertThat(GrantPrincipals.match("arn:aws:iam::444455556666:root", ALICE))
        .isEqualTo(Decision.NOT_ALLOWED);
    assertThat(GrantPrincipals.match("arn:aws:iam::111122223333:role/other", SESSION))
        .isEqualTo(Decision.NOT_ALLOWED);
    assertThat(GrantPrincipals.match("arn:aws:iam::111122223333:root", LOGS))
        .isEqualTo(Decision.NOT_ALLOWED);
    assertThat(GrantPrincipals.match("s3.amazonaws.com", LOGS)).isEqualTo(Decision.NOT_ALLOWED);
    assertThat(GrantPrincipals.match(null, ALICE)).isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void retirement_byTheRetiringPrincipal_orByTheGranteeOnlyIfTheGrantAllowsRetireGrant() {
    Grant plain = grant(List.of(GrantOperation.Encrypt));
    Grant retirable = grant(List.of(GrantOperation.Encrypt, GrantOperation.RetireGrant));

    assertThat(GrantPrincipals.retirement(plain, SESSION)).isEqualTo(Decision.ALLOW);
    assertThat(GrantPrincipals.retirement(plain, ALICE)).isEqualTo(Decision.NOT_ALLOWED);
    assertThat(GrantPrincipals.retirement(retirable, ALICE)).isEqualTo(Decision.ALLOW);
    assertThat(GrantPrincipals.retirement(retirable, LOGS)).isEqualTo(Decision.NOT_ALLOWED);
  }

  private static Grant grant(List<GrantOperation> operations) {
    return new Grant(
        Grant.newId(),
        KeyId.random(),
        null,
        "arn:aws:iam::111122223333:user/alice",
        null,
        "arn:aws:iam::111122223333:role/app",
        null,
        operations,
        null,
        "arn:aws:iam::111122223333:root",
        Instant.EPOCH);
  }
}

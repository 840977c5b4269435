package dev.serverlesskms.functions.principals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.request.Caller;
import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  void user_isAnIamUserCaller_ofItsOwnAccount_withAPathOrWithout() {
    Identity alice = Identity.of("arn:aws:iam::111122223333:user/alice", null);
    Identity bob = Identity.of("arn:aws:iam::444455556666:user/division/team/bob", null);

    Caller caller = alice.caller("AKIAALICE");
    assertThat(caller.type()).isEqualTo("IAMUser");
    assertThat(caller.arn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(caller.accountId()).isEqualTo("111122223333");
    assertThat(caller.principalId()).isEqualTo("AKIAALICE");
    assertThat(caller.accessKeyId()).isEqualTo("AKIAALICE");
    assertThat(bob.name()).isEqualTo("bob");
    assertThat(bob.callerArn()).isEqualTo("arn:aws:iam::444455556666:user/division/team/bob");
    assertThat(bob.policyHolder()).isEqualTo("444455556666:user/bob");
  }

  @Test
  void role_callsAsItsSession_whichPoliciesMatchByTheRole() {
    Identity ops = Identity.of("arn:aws:iam::111122223333:role/service/ops", "deploy");

    Caller caller = ops.caller("AKIAOPS");
    assertThat(caller.type()).isEqualTo("AssumedRole");
    assertThat(caller.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/ops/deploy");
    assertThat(caller.accountId()).isEqualTo("111122223333");
    assertThat(caller.principalId()).isEqualTo("AKIAOPS:deploy");
    assertThat(ops.policyHolder()).isEqualTo("111122223333:role/ops");
    // The core's policy principal sees the session's role, as key policies name it.
    assertThat(PolicyPrincipal.of(caller).roleArn())
        .isEqualTo("arn:aws:iam::111122223333:role/ops");
  }

  @Test
  void root_isTheAccountRoot_withoutPolicyHolder() {
    Identity root = Identity.of("arn:aws:iam::111122223333:root", null);

    Caller caller = root.caller("AKIAROOT");
    assertThat(caller.type()).isEqualTo("Root");
    assertThat(caller.arn()).isEqualTo("arn:aws:iam::111122223333:root");
    assertThat(caller.principalId()).isEqualTo("111122223333");
    assertThat(root.policyHolder()).isNull();
    assertThat(PolicyPrincipal.of(caller).isAccountRoot()).isTrue();
    assertThat(Identity.root("111122223333")).isEqualTo(root);
  }

  @Test
  void callerArns_nameUsersSessionsAndRoots() {
    assertThat(Identity.ofCaller("arn:aws:sts::111122223333:assumed-role/ops/deploy"))
        .isEqualTo(Identity.of("arn:aws:iam::111122223333:role/ops", "deploy"));
    assertThat(Identity.ofCaller("arn:aws:iam::111122223333:user/a/alice").policyHolder())
        .isEqualTo("111122223333:user/alice");
    assertThat(Identity.ofCaller("arn:aws:iam::111122223333:root").kind())
        .isEqualTo(Identity.Kind.ROOT);
  }

  @Test
  void policyHolderOfAVerifiedCaller_isReadLeniently() {
    assertThat(Identity.policyHolderOf("arn:aws:sts::111122223333:assumed-role/R/S"))
        .isEqualTo("111122223333:role/R");
    assertThat(Identity.policyHolderOf("arn:aws:iam::111122223333:user/a/b/alice"))
        .isEqualTo("111122223333:user/alice");
    assertThat(Identity.policyHolderOf("arn:aws:iam::111122223333:root")).isNull();
    assertThat(Identity.policyHolderOf("arn:aws:sts::111122223333:federated-user/x")).isNull();
    assertThat(Identity.policyHolderOf("arn:aws:sts::111122223333:assumed-role//S")).isNull();
  }

  @Test
  void callerWithoutAnAccessKey_isNamedByItsPrincipal() {
    assertThat(Identity.ofCaller("arn:aws:iam::111122223333:user/events").caller(null))
        .isEqualTo(
            new Caller(
                "IAMUser",
                "events",
                "arn:aws:iam::111122223333:user/events",
                "111122223333",
                null));
    assertThat(
            Identity.ofCaller("arn:aws:sts::111122223333:assumed-role/ops/s1")
                .caller(null)
                .principalId())
        .isEqualTo("ops:s1");
  }

  @Test
  void badArns_areRefused_sayingWhatIsExpected() {
    for (String arn :
        new String[] {
          "",
          "alice",
          "arn:aws:iam::11112222333:user/alice",
          "arn:aws:iam::1111222233334:user/alice",
          "arn:aws:iam:us-east-1:111122223333:user/alice",
          "arn:aws-cn:iam::111122223333:user/alice",
          "arn:aws:iam::111122223333:group/admins",
          "arn:aws:iam::111122223333:user",
          "arn:aws:sts::111122223333:assumed-role/ops/deploy",
          "arn:aws:iam::111122223333:root/x"
        }) {
      assertThatThrownBy(() -> Identity.of(arn, null))
          .as(arn)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not an IAM user, role or account root")
          .hasMessageContaining("arn:aws:iam::<12-digit account>:user/<name>");
    }
  }

  @Test
  void badNamesAndPaths_areRefused() {
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:user/", null))
        .hasMessageContaining("invalid name");
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:user/al ice", null))
        .hasMessageContaining("invalid name");
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:user/" + "a".repeat(65), null))
        .hasMessageContaining("invalid name");
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:user//alice", null))
        .hasMessageContaining("invalid path");
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:role/a b/ops", "s1"))
        .hasMessageContaining("invalid path");
    assertThat(Identity.of("arn:aws:iam::111122223333:user/" + "a".repeat(64), null).name())
        .hasSize(64);
  }

  @Test
  void sessionName_isRequiredForRoles_forbiddenOtherwise_andValidated() {
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:role/ops", null))
        .hasMessageContaining("without the sessionName")
        .hasMessageContaining("arn:aws:sts::111122223333:assumed-role/ops/<sessionName>");
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:user/alice", "s1"))
        .hasMessageContaining("sessionName, which is for roles only")
        .hasMessageContaining("an IAM user");
    assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:root", "s1"))
        .hasMessageContaining("sessionName, which is for roles only")
        .hasMessageContaining("an account root");
    for (String session : new String[] {"x", "a b", "a/b", "a".repeat(65), ""}) {
      assertThatThrownBy(() -> Identity.of("arn:aws:iam::111122223333:role/ops", session))
          .as(session)
          .hasMessageContaining("sessionName")
          .hasMessageContaining("2 to 64");
    }
  }

  @Test
  void bareRoleArn_namesNoCaller() {
    assertThatThrownBy(() -> Identity.ofCaller("arn:aws:iam::111122223333:role/ops"))
        .hasMessageContaining("calls only through a session")
        .hasMessageContaining("arn:aws:sts::111122223333:assumed-role/<role>/<sessionName>");
    assertThatThrownBy(() -> Identity.ofCaller("arn:aws:sts::111122223333:assumed-role/ops/x"))
        .hasMessageContaining("2 to 64");
    assertThatThrownBy(() -> Identity.ofCaller("arn:aws:sts::111122223333:federated-user/x"))
        .hasMessageContaining("is not an IAM user, an assumed-role session or an account root");
    assertThatThrownBy(() -> Identity.parse("arn:aws:iam::111122223333:role/ops").caller("AKID"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void longArns_areCutShortInMessages() {
    String arn = "arn:aws:iam::111122223333:user/" + "x".repeat(10_000);

    assertThatThrownBy(() -> Identity.of(arn, null))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
  }
}

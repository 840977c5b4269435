package dev.serverlesskms.functions.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.principals.PolicyDirectory;
import dev.serverlesskms.functions.principals.PrincipalsDocument;
import org.junit.jupiter.api.Test;

/**
 * The caller API Gateway verified, and its identity policies from the deployment's principals
 * document: an assumed-role session has its role's.
 */
class IamCallersTest {
  private static final IdentityPolicies DOCUMENT =
      PolicyDirectory.from(
          PrincipalsDocument.parse(
              """
              {"principals": [
                {"arn": "arn:aws:iam::111122223333:role/service-role/R",
                 "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}]},
                {"arn": "arn:aws:iam::444455556666:user/alice",
                 "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}]}
              ]}
              """,
              PrincipalsDocument.Keys.FORBIDDEN,
              "principals document"));

  @Test
  void assumedRoleCaller_hasTheRolesPolicies() {
    Caller caller =
        IamCallers.from(
            new HttpApiRequest.Iam(
                "ASIAEXAMPLE",
                "111122223333",
                null,
                null,
                "arn:aws:sts::111122223333:assumed-role/R/S",
                "AROAEXAMPLE:S"));

    assertThat(caller.type()).isEqualTo("AssumedRole");
    assertThat(caller.accountId()).isEqualTo("111122223333");
    assertThat(DOCUMENT.of(caller)).hasSize(1);
  }

  @Test
  void userOfAnotherAccount_hasItsOwn_andARootNone() {
    Caller alice =
        IamCallers.from(
            new HttpApiRequest.Iam(
                "AKIAEXAMPLE",
                "444455556666",
                null,
                null,
                "arn:aws:iam::444455556666:user/alice",
                "AIDAEXAMPLE"));
    Caller root =
        IamCallers.from(
            new HttpApiRequest.Iam(
                "AKIAEXAMPLE2",
                "444455556666",
                null,
                null,
                "arn:aws:iam::444455556666:root",
                "444455556666"));

    assertThat(alice.type()).isEqualTo("IAMUser");
    assertThat(DOCUMENT.of(alice)).hasSize(1);
    assertThat(root.type()).isEqualTo("Root");
    assertThat(DOCUMENT.of(root)).isEmpty();
  }
}

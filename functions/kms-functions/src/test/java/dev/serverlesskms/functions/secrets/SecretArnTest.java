package dev.serverlesskms.functions.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretArnTest {
  @Test
  void theRegionIsTheSecretsNotTheCallers() {
    SecretArn arn =
        SecretArn.parse(
            "arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:kms/root-AbCdEf");

    assertThat(arn.region()).isEqualTo("ap-southeast-2");
    assertThat(arn.value())
        .isEqualTo("arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:kms/root-AbCdEf");
  }

  @Test
  void acceptsOtherPartitionsAndNamesWithColonsOrWithoutSuffix() {
    assertThat(
            SecretArn.parse("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:kms")
                .region())
        .isEqualTo("cn-north-1");
    assertThat(
            SecretArn.parse(" arn:aws:secretsmanager:us-east-1:111122223333:secret:a:b-AbCdEf\n")
                .value())
        .isEqualTo("arn:aws:secretsmanager:us-east-1:111122223333:secret:a:b-AbCdEf");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "serverless-kms/root-key",
        "arn:aws:ssm:us-east-1:111122223333:parameter/serverless-kms/root-key",
        "arn:aws:secretsmanager::111122223333:secret:kms",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:",
        "arn:aws:secretsmanager:us-east-1:111122223333:kms"
      })
  void refusesWhatIsNotASecretArn(String value) {
    assertThatThrownBy(() -> SecretArn.parse(value))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("is not a Secrets Manager secret ARN");
  }
}

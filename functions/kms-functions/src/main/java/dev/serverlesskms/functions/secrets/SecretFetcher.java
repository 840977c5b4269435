package dev.serverlesskms.functions.secrets;

import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads the current version of one secret (GetSecretValue), and turns every way that can fail into
 * a {@link SecretLoadException} that says what to fix. AWS's error messages name the secret and the
 * caller, never the value, so they are kept; the response itself is never printed.
 */
final class SecretFetcher {
  private final SecretsManagerClient client;

  SecretFetcher(SecretsManagerClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  GetSecretValueResponse fetch(SecretArn arn) {
    try {
      return client.getSecretValue(r -> r.secretId(arn.value()));
    } catch (AwsServiceException e) {
      throw new SecretLoadException(serviceError(arn, e));
    } catch (SdkClientException e) {
      throw new SecretLoadException(
          "cannot read secret " + arn + " from Secrets Manager: " + e.getMessage());
    }
  }

  private static String serviceError(SecretArn arn, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String aws = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    String answer = " (" + code + (aws == null ? "" : ": " + aws) + ")";
    String advice =
        switch (code == null ? "" : code) {
          case "ResourceNotFoundException" ->
              "secret " + arn + " does not exist, or has no current version";
          case "AccessDeniedException" ->
              "this function's role may not read secret "
                  + arn
                  + ": it needs secretsmanager:GetSecretValue on that ARN";
          case "DecryptionFailure" ->
              "Secrets Manager could not decrypt secret "
                  + arn
                  + ": the function's role needs kms:Decrypt on the secret's KMS key"
                  + " (template parameter SecretsKmsKeyArn)";
          default -> "cannot read secret " + arn + " from Secrets Manager";
        };
    return advice + answer;
  }
}

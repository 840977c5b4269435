package dev.serverlesskms.functions.wiring;

import dev.serverlesskms.audit.kinesis.KinesisAuditClients;
import dev.serverlesskms.functions.secrets.SecretArn;
import dev.serverlesskms.functions.secrets.SecretsManagerClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS clients of the Lambda backends. Credentials come from the default chain (the function's
 * role in Lambda, the environment locally); the HTTP client is the JDK's (small, native-friendly).
 */
final class AwsClients {
  /**
   * The DynamoDB client's bounds, those of the Kinesis audit client: 2 s to connect, 5 s per read
   * and per attempt, 12 s in all, so a request waiting on a hung DynamoDB fails (as
   * DependencyTimeoutException) well inside the function's timeout instead of being killed with it.
   * Retries: the SDK's standard mode (3 attempts with backoff), named so it does not change with
   * AWS_RETRY_MODE (DynamoDB's legacy default makes up to 9 attempts).
   */
  static final Duration DYNAMODB_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  static final Duration DYNAMODB_READ_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DYNAMODB_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(12);

  private AwsClients() {}

  static DynamoDbClient dynamoDb(String region, Optional<URI> endpoint) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .region(Region.of(region))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(DYNAMODB_CONNECT_TIMEOUT)
                    .socketTimeout(DYNAMODB_READ_TIMEOUT))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .apiCallAttemptTimeout(DYNAMODB_ATTEMPT_TIMEOUT)
                    .apiCallTimeout(DYNAMODB_CALL_TIMEOUT)
                    .build());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** For the enclave's secrets: the client calls the region the secret lives in. */
  static SecretsManagerClient secretsManager(SecretArn secret, Optional<URI> endpoint) {
    return SecretsManagerClients.create(
        secret.region(), DefaultCredentialsProvider.builder().build(), endpoint);
  }

  static KinesisClient kinesis(String region, Optional<URI> endpoint) {
    return endpoint.isPresent()
        ? KinesisAuditClients.create(
            Region.of(region), DefaultCredentialsProvider.builder().build(), endpoint.get())
        : KinesisAuditClients.create(
            Region.of(region), DefaultCredentialsProvider.builder().build());
  }
}

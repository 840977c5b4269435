package dev.serverlesskms.functions.wiring;

import dev.serverlesskms.audit.kinesis.KinesisAuditClients;
import dev.serverlesskms.functions.secrets.SecretArn;
import dev.serverlesskms.functions.secrets.SecretsManagerClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
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
  private AwsClients() {}

  static DynamoDbClient dynamoDb(String region, Optional<URI> endpoint) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .region(Region.of(region))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClientBuilder(UrlConnectionHttpClient.builder());
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

package dev.serverlesskms.functions.wiring;

import dev.serverlesskms.audit.kinesis.KinesisAuditClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;

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

  static KinesisClient kinesis(String region, Optional<URI> endpoint) {
    return endpoint.isPresent()
        ? KinesisAuditClients.create(
            Region.of(region), DefaultCredentialsProvider.builder().build(), endpoint.get())
        : KinesisAuditClients.create(
            Region.of(region), DefaultCredentialsProvider.builder().build());
  }
}

package dev.serverlesskms.functions.secrets;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds the Secrets Manager client the enclave's secrets are read with, once, at a function's
 * init. The JDK's HTTP client as for DynamoDB and Kinesis (small, native-friendly), standard
 * retries, and timeouts that end well inside Lambda's 10-second init phase, so an unreachable
 * endpoint fails the init with a message instead of a timeout.
 */
public final class SecretsManagerClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);

  private SecretsManagerClients() {}

  /**
   * A client for Secrets Manager in {@code region}, at AWS's endpoint or at {@code endpoint} (a VPC
   * endpoint, or an emulator). The caller closes it.
   */
  public static SecretsManagerClient create(
      String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .region(Region.of(Objects.requireNonNull(region, "region")))
            .credentialsProvider(Objects.requireNonNull(credentials, "credentials"))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(READ_TIMEOUT))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                    .apiCallTimeout(CALL_TIMEOUT)
                    .build());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}

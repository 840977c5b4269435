package dev.serverlesskms.audit.kinesis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Builds the {@link KinesisClient} a {@link KinesisAuditSink} writes through, configured for a
 * request path that must not hang.
 *
 * <ul>
 *   <li>HTTP client: {@link UrlConnectionHttpClient}, named explicitly. It is the JDK's {@code
 *       HttpURLConnection}: no Netty or Apache HttpClient on the classpath (the module's POM
 *       excludes them, the enforcer keeps them out), the smallest cold start on Lambda, and nothing
 *       that needs extra GraalVM native-image configuration. Naming it also spares the SDK its
 *       {@code ServiceLoader} search for an HTTP implementation.
 *   <li>Retries: {@link RetryMode#STANDARD} (3 attempts, with backoff, throttling included), named
 *       so it does not change with {@code AWS_RETRY_MODE} or a profile. After that, the record
 *       fails and so does the request (fail-closed).
 *   <li>Timeouts: 2 s to connect, 5 s per read and per attempt, 12 s in all, so a request waiting
 *       for its audit record fails well inside a Lambda's timeout rather than being killed with it.
 * </ul>
 *
 * <p>Region and credentials are parameters, not environment lookups: the wiring layer decides where
 * they come from. The client is the caller's to close (closing it also closes its HTTP client).
 */
public final class KinesisAuditClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(12);

  private KinesisAuditClients() {}

  /** A client for Kinesis in {@code region}, at its AWS endpoint. */
  public static KinesisClient create(Region region, AwsCredentialsProvider credentials) {
    return builder(region, credentials).build();
  }

  /**
   * A client for Kinesis in {@code region} at {@code endpoint}: a VPC endpoint, or an emulator such
   * as kinesis-local ({@code http://127.0.0.1:4568}).
   */
  public static KinesisClient create(
      Region region, AwsCredentialsProvider credentials, URI endpoint) {
    return builder(region, credentials)
        .endpointOverride(Objects.requireNonNull(endpoint, "endpoint"))
        .build();
  }

  private static KinesisClientBuilder builder(Region region, AwsCredentialsProvider credentials) {
    return KinesisClient.builder()
        .region(Objects.requireNonNull(region, "region"))
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
  }
}

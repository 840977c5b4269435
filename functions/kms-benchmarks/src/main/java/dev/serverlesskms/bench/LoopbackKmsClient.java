package dev.serverlesskms.bench;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The AWS SDK client every benchmark sends requests with: the local server's development
 * credentials ({@code test}/{@code test}) and region, no retries (each error is seen and counted),
 * and no proxy from the environment (requests go to the loopback endpoint itself).
 */
final class LoopbackKmsClient {
  private LoopbackKmsClient() {}

  /**
   * @param http the caller's connection settings (pool size, connect timeout); the proxy is set
   *     here
   * @param callTimeout the bound on each call, retries included
   */
  static KmsClient create(URI endpoint, ApacheHttpClient.Builder http, Duration callTimeout) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(
            http.proxyConfiguration(
                ProxyConfiguration.builder()
                    .useSystemPropertyValues(false)
                    .useEnvironmentVariableValues(false)
                    .build()))
        .overrideConfiguration(
            o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(callTimeout))
        .build();
  }
}

package dev.serverlesskms.bench;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * One key on a running KMS, over the real wire (AWS SDK for Java v2, SigV4 with test/test): creates
 * the key, then sends one request of a given {@link Operation} per {@link #call}. Retries are off, so
 * every error is seen and counted, and no proxy from the environment is used, so requests go to the
 * (loopback) endpoint itself. {@link #close} schedules the key's deletion and closes the client.
 */
final class WireTarget implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final KmsClient client;
  private final String keyId;
  private final SdkBytes plaintext;
  private final SdkBytes ciphertext;

  WireTarget(LoadOptions options) {
    this.client = KmsClient.builder()
        .endpointOverride(options.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(options.threads())
            .proxyConfiguration(ProxyConfiguration.builder()
                .useSystemPropertyValues(false)
                .useEnvironmentVariableValues(false)
                .build()))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT))
        .build();
    byte[] bytes = new byte[options.payloadBytes()];
    ThreadLocalRandom.current().nextBytes(bytes);
    this.plaintext = SdkBytes.fromByteArray(bytes);
    try {
      this.keyId = client.createKey(r -> r.description("kms-benchmarks load generator")).keyMetadata().keyId();
      this.ciphertext = encrypt();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Upper bound of one call, after which the SDK gives up on it. */
  static Duration callTimeout() {
    return CALL_TIMEOUT;
  }

  void call(Operation operation) {
    switch (operation) {
      case ENCRYPT -> encrypt();
      case DECRYPT -> client.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(BenchKms.ENCRYPTION_CONTEXT));
      case GENERATE_DATA_KEY -> client.generateDataKey(
          r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(BenchKms.ENCRYPTION_CONTEXT));
    }
  }

  private SdkBytes encrypt() {
    return client.encrypt(r -> r.keyId(keyId).plaintext(plaintext).encryptionContext(BenchKms.ENCRYPTION_CONTEXT))
        .ciphertextBlob();
  }

  String keyId() {
    return keyId;
  }

  @Override
  public void close() {
    try {
      client.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
    } finally {
      client.close();
    }
  }
}

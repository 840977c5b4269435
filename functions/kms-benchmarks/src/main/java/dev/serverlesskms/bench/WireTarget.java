package dev.serverlesskms.bench;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * The keys of a run on a running KMS, over the real wire (AWS SDK for Java v2, SigV4 with
 * test/test): creates a symmetric key, and an ECC_NIST_P256 signing key and an HMAC_256 key when
 * the mix has Sign or GenerateMac, then sends one request of a given {@link Operation} per {@link
 * #call} and checks its response (a wrong one is a {@link WrongResponseException}). Retries are
 * off, so every error is seen and counted, and no proxy from the environment is used, so requests
 * go to the (loopback) endpoint itself. {@link #close} schedules the keys' deletion and closes the
 * client.
 */
final class WireTarget implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final KmsClient client;
  private final String keyId;
  private final String signingKeyId;
  private final String macKeyId;
  private final SdkBytes plaintext;
  private final SdkBytes ciphertext;

  WireTarget(LoadOptions options) {
    this.client =
        LoopbackKmsClient.create(
            options.endpoint(),
            ApacheHttpClient.builder().maxConnections(options.threads()),
            CALL_TIMEOUT);
    byte[] bytes = new byte[options.payloadBytes()];
    ThreadLocalRandom.current().nextBytes(bytes);
    this.plaintext = SdkBytes.fromByteArray(bytes);
    try {
      this.keyId =
          client
              .createKey(r -> r.description("kms-benchmarks load generator"))
              .keyMetadata()
              .keyId();
      this.ciphertext = encrypt();
      this.signingKeyId =
          options.mix().includes(Operation.SIGN)
              ? createKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY)
              : null;
      this.macKeyId =
          options.mix().includes(Operation.GENERATE_MAC)
              ? createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC)
              : null;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Upper bound of one call, after which the SDK gives up on it. */
  static Duration callTimeout() {
    return CALL_TIMEOUT;
  }

  private String createKey(KeySpec spec, KeyUsageType usage) {
    return client
        .createKey(
            r -> r.keySpec(spec).keyUsage(usage).description("kms-benchmarks load generator"))
        .keyMetadata()
        .keyId();
  }

  void call(Operation operation) {
    switch (operation) {
      case ENCRYPT -> encrypt();
      case DECRYPT ->
          expect(
              client
                  .decrypt(
                      r ->
                          r.ciphertextBlob(ciphertext)
                              .encryptionContext(BenchKms.ENCRYPTION_CONTEXT))
                  .plaintext()
                  .equals(plaintext),
              "Decrypt returned another plaintext");
      case GENERATE_DATA_KEY ->
          expect(
              client
                      .generateDataKey(
                          r ->
                              r.keyId(keyId)
                                  .keySpec(DataKeySpec.AES_256)
                                  .encryptionContext(BenchKms.ENCRYPTION_CONTEXT))
                      .plaintext()
                      .asByteArrayUnsafe()
                      .length
                  == 32,
              "GenerateDataKey returned no 32-byte key");
      // An ECDSA P-256 signature is a DER SEQUENCE of two integers: at least 8 bytes, at most 72.
      case SIGN ->
          expectSignatureLength(
              client
                  .sign(
                      r ->
                          r.keyId(signingKeyId)
                              .message(plaintext)
                              .messageType(MessageType.RAW)
                              .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                  .signature()
                  .asByteArrayUnsafe()
                  .length,
              "Sign returned no ECDSA P-256 signature");
      case GENERATE_MAC ->
          expect(
              client
                      .generateMac(
                          r ->
                              r.keyId(macKeyId)
                                  .message(plaintext)
                                  .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))
                      .mac()
                      .asByteArrayUnsafe()
                      .length
                  == 32,
              "GenerateMac returned no 32-byte MAC");
    }
  }

  private static void expectSignatureLength(int length, String problem) {
    expect(length >= 8 && length <= 72, problem);
  }

  private static void expect(boolean condition, String problem) {
    if (!condition) {
      throw new WrongResponseException(problem);
    }
  }

  private SdkBytes encrypt() {
    SdkBytes blob =
        client
            .encrypt(
                r ->
                    r.keyId(keyId)
                        .plaintext(plaintext)
                        .encryptionContext(BenchKms.ENCRYPTION_CONTEXT))
            .ciphertextBlob();
    expect(
        blob.asByteArrayUnsafe().length > plaintext.asByteArrayUnsafe().length,
        "Encrypt returned no ciphertext");
    return blob;
  }

  String keyId() {
    return keyId;
  }

  @Override
  public void close() {
    try {
      for (String key : new String[] {keyId, signingKeyId, macKeyId}) {
        if (key != null) {
          client.scheduleKeyDeletion(r -> r.keyId(key).pendingWindowInDays(7));
        }
      }
    } finally {
      client.close();
    }
  }
}

package dev.serverlesskms.functions.lambda;

import java.net.URI;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * What a sample event refers to (keys, {@code alias/example}, imported material), set up through
 * the AWS SDK against the KMS wire endpoint of the application under test (SigV4, test/test).
 */
final class KmsSetup implements AutoCloseable {
  static final String ALIAS = "alias/example";

  private static final SecureRandom RANDOM = new SecureRandom();

  final KmsClient kms;

  KmsSetup() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    kms =
        KmsClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                c ->
                    c.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(30)))
            .build();
  }

  @Override
  public void close() {
    kms.close();
  }

  /** The ARN this KMS gives a key id. */
  static String arn(String keyId) {
    return "arn:aws:kms:"
        + ConfigProvider.getConfig().getValue("kms.region", String.class)
        + ":"
        + accountId()
        + ":key/"
        + keyId;
  }

  static String accountId() {
    return ConfigProvider.getConfig().getValue("kms.account-id", String.class);
  }

  String newKey(String description) {
    return kms.createKey(r -> r.description(description)).keyMetadata().keyId();
  }

  /**
   * A new key that {@code alias/example} points to. The application is shared by every event, so
   * the alias may already exist for an earlier key.
   */
  String newKeyWithExampleAlias() {
    return newKeyWithExampleAlias(null);
  }

  /** {@link #newKeyWithExampleAlias()} with a key policy ({@code null}: the default one). */
  String newKeyWithExampleAlias(String policy) {
    String keyId =
        kms.createKey(r -> r.description("target of alias/example").policy(policy))
            .keyMetadata()
            .keyId();
    deleteExampleAlias();
    kms.createAlias(r -> r.aliasName(ALIAS).targetKeyId(keyId));
    return keyId;
  }

  /** Removes {@code alias/example} if an earlier event left it. */
  void deleteExampleAlias() {
    try {
      kms.deleteAlias(r -> r.aliasName(ALIAS));
    } catch (NotFoundException absent) {
      // nothing to remove
    }
  }

  /** A new key without material (Origin EXTERNAL, PendingImport). */
  String newExternalKey() {
    return kms.createKey(r -> r.description("imported material").origin(OriginType.EXTERNAL))
        .keyMetadata()
        .keyId();
  }

  /** RSAES_OAEP_SHA_256 / RSA_2048 import parameters, as get-parameters-for-import.json asks. */
  GetParametersForImportResponse importParameters(String keyId) {
    return kms.getParametersForImport(
        r ->
            r.keyId(keyId)
                .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                .wrappingKeySpec(WrappingKeySpec.RSA_2048));
  }

  /**
   * Imports 32 random bytes into an EXTERNAL key; {@code validTo == null} for material that does
   * not expire.
   */
  void importMaterial(String keyId, Instant validTo) {
    GetParametersForImportResponse parameters = importParameters(keyId);
    byte[] wrapped = wrap(parameters.publicKey().asByteArray(), randomBytes(32));
    kms.importKeyMaterial(
        r -> {
          r.keyId(keyId)
              .importToken(parameters.importToken())
              .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped));
          if (validTo == null) {
            r.expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
          } else {
            r.expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(validTo);
          }
        });
  }

  /** Wraps key material the way a customer does for RSAES_OAEP_SHA_256, with the JDK only. */
  static byte[] wrap(byte[] publicKeyDer, byte[] material) {
    try {
      PublicKey publicKey =
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(
          Cipher.ENCRYPT_MODE,
          publicKey,
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      return rsa.doFinal(material);
    } catch (Exception e) {
      throw new IllegalStateException("wrapping failed", e);
    }
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}

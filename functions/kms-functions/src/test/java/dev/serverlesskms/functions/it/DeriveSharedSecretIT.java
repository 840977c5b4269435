package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.stream.Stream;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DeriveSharedSecretResponse;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * DeriveSharedSecret through the AWS SDK for Java v2 against the packaged server, for every key
 * agreement spec: the secret equals the ECDH a peer computes offline from its own private key and
 * the KMS key's public key (GetPublicKey), with the JDK's KeyAgreement and with OpenSSL; and AWS's
 * errors for peer keys that are no key of the curve and for keys of another usage.
 */
class DeriveSharedSecretIT {
  @TempDir static Path dataDir;
  @TempDir static Path work;
  static LocalKmsServer server;
  static KmsClient kms;
  static OpensslCli openssl;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir);
    kms = server.client();
    openssl = new OpensslCli(work);
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  static Stream<Arguments> curves() {
    return Stream.of(
        Arguments.of(KeySpec.ECC_NIST_P256, "secp256r1"),
        Arguments.of(KeySpec.ECC_NIST_P384, "secp384r1"),
        Arguments.of(KeySpec.ECC_NIST_P521, "secp521r1"));
  }

  private static KeyMetadata agreementKey(KeySpec spec) {
    return kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.KEY_AGREEMENT)).keyMetadata();
  }

  private static KeyPair peer(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private static DeriveSharedSecretResponse derive(String keyId, byte[] peerPublicKey) {
    return kms.deriveSharedSecret(
        r ->
            r.keyId(keyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                .publicKey(SdkBytes.fromByteArray(peerPublicKey)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void theSecret_equalsTheEcdhThePeerComputesOffline(KeySpec spec, String curve) throws Exception {
    KeyMetadata key = agreementKey(spec);
    assertThat(key.keyAgreementAlgorithmsAsStrings()).containsExactly("ECDH");
    byte[] kmsPublicKey = kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray();
    KeyPair peer = peer(curve);

    DeriveSharedSecretResponse derived = derive(key.keyId(), peer.getPublic().getEncoded());

    KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
    jdk.init(peer.getPrivate());
    PublicKey theirs =
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(kmsPublicKey));
    jdk.doPhase(theirs, true);
    byte[] offline = jdk.generateSecret();
    assertThat(derived.sharedSecret().asByteArray()).as("JDK ECDH").isEqualTo(offline);
    assertThat(openssl.derive(peer.getPrivate().getEncoded(), kmsPublicKey))
        .as("OpenSSL ECDH")
        .isEqualTo(derived.sharedSecret().asByteArray());
    assertThat(derived.keyId()).isEqualTo(key.arn());
    assertThat(derived.keyAgreementAlgorithm()).isEqualTo(KeyAgreementAlgorithmSpec.ECDH);
    assertThat(derived.keyOrigin()).isEqualTo(OriginType.AWS_KMS);
  }

  @Test
  void peerKeysThatAreNoKeyOfTheCurve_areValidationExceptions_withAnEmptyMessage()
      throws Exception {
    KeyMetadata key = agreementKey(KeySpec.ECC_NIST_P256);

    for (byte[] bad :
        new byte[][] {
          "InvalidPublicKey".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          peer("secp384r1").getPublic().getEncoded()
        }) {
      assertThat(
              expectError("ValidationException", () -> derive(key.keyId(), bad))
                  .awsErrorDetails()
                  .errorMessage())
          .isNullOrEmpty();
    }
  }

  @Test
  void aKeyOfAnotherUsage_isInvalidKeyUsage_withAwsText() throws Exception {
    KeyMetadata signing =
        kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
            .keyMetadata();

    assertThat(
            expectError(
                    "InvalidKeyUsageException",
                    () -> derive(signing.keyId(), peer("secp256r1").getPublic().getEncoded()))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            signing.arn() + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.");
  }
}

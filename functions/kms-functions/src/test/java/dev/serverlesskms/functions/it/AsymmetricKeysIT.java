package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519phSigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Every asymmetric key spec through the AWS SDK for Java v2 against the packaged server: each
 * signing algorithm with RAW and DIGEST messages (and ML-DSA's EXTERNAL_MU, mu computed here with
 * Bouncy Castle), each signature verified by the server, by the JDK or Bouncy Castle, and by {@code
 * openssl} where OpenSSL 3.0 has the algorithm, all from GetPublicKey's output alone; RSA
 * ciphertexts made offline (JDK and openssl) decrypting here; and the errors as the SDK raises
 * them.
 */
class AsymmetricKeysIT {
  private static final byte[] MESSAGE =
      "a release to sign, as a build server would".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dataDir;
  @TempDir static Path work;
  static LocalKmsServer server;
  static KmsClient kms;
  static final Map<KeySpec, String> signingKeys = new EnumMap<>(KeySpec.class);
  static final Map<KeySpec, String> encryptionKeys = new EnumMap<>(KeySpec.class);

  @BeforeAll
  static void start() {
    Security.addProvider(new BouncyCastleProvider());
    // An RSA_4096 key takes seconds to generate, and far longer on a loaded machine: the server's
    // idle timeout and the client's read timeout far above their 30 s, so a slow CreateKey is not
    // taken for a dead connection.
    server = LocalKmsServer.start(dataDir, Map.of("quarkus.http.idle-timeout", "300s"));
    kms =
        KmsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        LocalKmsServer.ACCESS_KEY_ID, LocalKmsServer.SECRET_ACCESS_KEY)))
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build())
            .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  private static String signingKey(KeySpec spec) {
    return signingKeys.computeIfAbsent(
        spec,
        s ->
            kms.createKey(r -> r.keySpec(s).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata()
                .keyId());
  }

  private static String encryptionKey(KeySpec spec) {
    return encryptionKeys.computeIfAbsent(
        spec,
        s ->
            kms.createKey(r -> r.keySpec(s).keyUsage(KeyUsageType.ENCRYPT_DECRYPT))
                .keyMetadata()
                .keyId());
  }

  // ------------------------------------------------------------------ signatures

  /** Every (spec, algorithm, message type) AWS accepts for a SIGN_VERIFY key. */
  static Stream<Arguments> signingCases() {
    List<Arguments> cases = new ArrayList<>();
    for (KeySpec spec : signingSpecs()) {
      for (SigningAlgorithmSpec algorithm : algorithms(spec)) {
        for (MessageType type : List.of(MessageType.RAW, MessageType.DIGEST)) {
          if (accepts(spec, algorithm, type)) {
            cases.add(Arguments.of(spec, algorithm, type));
          }
        }
      }
    }
    for (KeySpec spec : List.of(KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87)) {
      cases.add(Arguments.of(spec, SigningAlgorithmSpec.ML_DSA_SHAKE_256, MessageType.EXTERNAL_MU));
    }
    return cases.stream();
  }

  private static List<KeySpec> signingSpecs() {
    return List.of(
        KeySpec.RSA_2048,
        KeySpec.RSA_3072,
        KeySpec.RSA_4096,
        KeySpec.ECC_NIST_P256,
        KeySpec.ECC_NIST_P384,
        KeySpec.ECC_NIST_P521,
        KeySpec.ECC_SECG_P256_K1,
        KeySpec.ECC_NIST_EDWARDS25519,
        KeySpec.ML_DSA_44,
        KeySpec.ML_DSA_65,
        KeySpec.ML_DSA_87);
  }

  /** AWS's signing algorithms per spec (the Sign and CreateKey documentation). */
  private static List<SigningAlgorithmSpec> algorithms(KeySpec spec) {
    return switch (spec) {
      case RSA_2048, RSA_3072, RSA_4096 ->
          List.of(
              SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
              SigningAlgorithmSpec.RSASSA_PSS_SHA_384,
              SigningAlgorithmSpec.RSASSA_PSS_SHA_512,
              SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
              SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384,
              SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512);
      case ECC_NIST_P256, ECC_SECG_P256_K1 -> List.of(SigningAlgorithmSpec.ECDSA_SHA_256);
      case ECC_NIST_P384 -> List.of(SigningAlgorithmSpec.ECDSA_SHA_384);
      case ECC_NIST_P521 -> List.of(SigningAlgorithmSpec.ECDSA_SHA_512);
      case ECC_NIST_EDWARDS25519 ->
          List.of(SigningAlgorithmSpec.ED25519_SHA_512, SigningAlgorithmSpec.ED25519_PH_SHA_512);
      default -> List.of(SigningAlgorithmSpec.ML_DSA_SHAKE_256);
    };
  }

  private static boolean accepts(KeySpec spec, SigningAlgorithmSpec algorithm, MessageType type) {
    if (algorithm == SigningAlgorithmSpec.ML_DSA_SHAKE_256) {
      return type == MessageType.RAW;
    }
    if (algorithm == SigningAlgorithmSpec.ED25519_SHA_512) {
      return type == MessageType.RAW;
    }
    if (algorithm == SigningAlgorithmSpec.ED25519_PH_SHA_512) {
      return type == MessageType.DIGEST;
    }
    return true;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("signingCases")
  void aSignature_verifiesHere_offlineFromThePublicKey_andWithOpenssl(
      KeySpec spec, SigningAlgorithmSpec algorithm, MessageType type) throws Exception {
    String keyId = signingKey(spec);
    GetPublicKeyResponse publicKey = kms.getPublicKey(r -> r.keyId(keyId));
    assertThat(publicKey.keySpec()).isEqualTo(spec);
    assertThat(publicKey.signingAlgorithms()).contains(algorithm);
    byte[] spki = publicKey.publicKey().asByteArray();
    byte[] message =
        switch (type) {
          case DIGEST -> MessageDigest.getInstance(hash(algorithm)).digest(MESSAGE);
          case EXTERNAL_MU -> externalMu(spki, MESSAGE);
          default -> MESSAGE;
        };

    SignResponse signed =
        kms.sign(
            r ->
                r.keyId(keyId)
                    .message(SdkBytes.fromByteArray(message))
                    .messageType(type)
                    .signingAlgorithm(algorithm));
    byte[] signature = signed.signature().asByteArray();
    assertThat(signed.keyId()).endsWith(":key/" + keyId);
    assertThat(signed.signingAlgorithm()).isEqualTo(algorithm);

    assertThat(
            kms.verify(
                    r ->
                        r.keyId(keyId)
                            .message(SdkBytes.fromByteArray(message))
                            .messageType(type)
                            .signature(SdkBytes.fromByteArray(signature))
                            .signingAlgorithm(algorithm))
                .signatureValid())
        .isTrue();
    // Whatever the message type, the signature is one of MESSAGE itself.
    assertThat(verifiesOffline(spec, algorithm, spki, signature))
        .as("verified offline from GetPublicKey's output")
        .isTrue();
    if (opensslVerifies(algorithm)) {
      assertThat(openssl(algorithm, spki, signature))
          .as("openssl verifies from GetPublicKey's output")
          .isTrue();
    }

    byte[] altered = signature.clone();
    altered[altered.length - 5] ^= 0x04;
    assertThat(
            catchThrowableOfType(
                KmsInvalidSignatureException.class,
                () ->
                    kms.verify(
                        r ->
                            r.keyId(keyId)
                                .message(SdkBytes.fromByteArray(message))
                                .messageType(type)
                                .signature(SdkBytes.fromByteArray(altered))
                                .signingAlgorithm(algorithm))))
        .as("an altered signature")
        .isNotNull();
  }

  @Test
  void aSignatureThatDoesNotVerify_isKmsInvalidSignatureException_withAnEmptyMessage() {
    String keyId = signingKey(KeySpec.ECC_NIST_P256);
    byte[] signature =
        kms.sign(
                r ->
                    r.keyId(keyId)
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signature()
            .asByteArray();

    KmsInvalidSignatureException error =
        catchThrowableOfType(
            KmsInvalidSignatureException.class,
            () ->
                kms.verify(
                    r ->
                        r.keyId(keyId)
                            .message(SdkBytes.fromUtf8String("another message"))
                            .signature(SdkBytes.fromByteArray(signature))
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
    assertThat(error).isNotNull();
    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("KMSInvalidSignatureException");
  }

  @Test
  void theRules_andErrors_areAwsThroughTheSdk() {
    String ecc = signingKey(KeySpec.ECC_NIST_P256);
    assertThat(
            expectError(
                    "ValidationException",
                    () ->
                        kms.sign(
                            r ->
                                r.keyId(ecc)
                                    .message(SdkBytes.fromByteArray(new byte[31]))
                                    .messageType(MessageType.DIGEST)
                                    .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Digest is invalid length for algorithm ECDSA_SHA_256.");
    InvalidKeyUsageException wrongAlgorithm =
        catchThrowableOfType(
            InvalidKeyUsageException.class,
            () ->
                kms.sign(
                    r ->
                        r.keyId(ecc)
                            .message(SdkBytes.fromByteArray(MESSAGE))
                            .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)));
    assertThat(wrongAlgorithm.awsErrorDetails().errorMessage())
        .isEqualTo("Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.");
    assertThat(
            expectError(
                    "ValidationException",
                    () ->
                        kms.sign(
                            r ->
                                r.keyId(signingKey(KeySpec.ML_DSA_44))
                                    .message(SdkBytes.fromByteArray(new byte[32]))
                                    .messageType(MessageType.DIGEST)
                                    .signingAlgorithm(SigningAlgorithmSpec.ML_DSA_SHAKE_256)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Message type DIGEST is incompatible with key spec ML_DSA_44.");

    String symmetric = kms.createKey(r -> r.description("symmetric")).keyMetadata().keyId();
    InvalidKeyUsageException wrongUsage =
        catchThrowableOfType(
            InvalidKeyUsageException.class,
            () ->
                kms.sign(
                    r ->
                        r.keyId(symmetric)
                            .message(SdkBytes.fromByteArray(MESSAGE))
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
    assertThat(wrongUsage.awsErrorDetails().errorMessage())
        .endsWith(
            ":key/" + symmetric + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
    assertThat(
            catchThrowableOfType(
                UnsupportedOperationException.class,
                () -> kms.getPublicKey(r -> r.keyId(symmetric))))
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                InvalidKeyUsageException.class,
                () ->
                    kms.encrypt(
                        r ->
                            r.keyId(ecc)
                                .plaintext(SdkBytes.fromByteArray(MESSAGE))
                                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256))))
        .isNotNull();

    String disabled =
        kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
            .keyMetadata()
            .keyId();
    kms.disableKey(r -> r.keyId(disabled));
    assertThat(
            catchThrowableOfType(
                DisabledException.class,
                () ->
                    kms.sign(
                        r ->
                            r.keyId(disabled)
                                .message(SdkBytes.fromByteArray(MESSAGE))
                                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))))
        .isNotNull();
    String pendingImport =
        kms.createKey(
                r ->
                    r.keySpec(KeySpec.ECC_NIST_P256)
                        .keyUsage(KeyUsageType.SIGN_VERIFY)
                        .origin(OriginType.EXTERNAL))
            .keyMetadata()
            .keyId();
    assertThat(
            catchThrowableOfType(
                KmsInvalidStateException.class,
                () -> kms.getPublicKey(r -> r.keyId(pendingImport))))
        .isNotNull();
  }

  // ------------------------------------------------------------------ keys and their metadata

  @Test
  void createKey_andDescribeKey_showEachSpecsAlgorithms_asTheSdkReadsThem() {
    KeyMetadata signing =
        kms.describeKey(r -> r.keyId(signingKey(KeySpec.ECC_NIST_EDWARDS25519))).keyMetadata();
    assertThat(signing.keySpec()).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
    assertThat(signing.signingAlgorithms())
        .containsExactlyInAnyOrder(
            SigningAlgorithmSpec.ED25519_SHA_512, SigningAlgorithmSpec.ED25519_PH_SHA_512);
    assertThat(signing.encryptionAlgorithms()).isEmpty();

    KeyMetadata hmac =
        kms.createKey(r -> r.keySpec(KeySpec.HMAC_384).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
            .keyMetadata();
    assertThat(hmac.macAlgorithms()).containsExactly(MacAlgorithmSpec.HMAC_SHA_384);
    KeyMetadata agreement =
        kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P521).keyUsage(KeyUsageType.KEY_AGREEMENT))
            .keyMetadata();
    assertThat(agreement.keyAgreementAlgorithms()).containsExactly(KeyAgreementAlgorithmSpec.ECDH);
    assertThat(
            expectError(
                    "ValidationException", () -> kms.createKey(r -> r.keySpec(KeySpec.ML_DSA_65)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            "You must specify a KeyUsage value for all KMS keys except for symmetric encryption"
                + " keys.");
    assertThat(
            catchThrowableOfType(
                UnsupportedOperationException.class,
                () -> kms.enableKeyRotation(r -> r.keyId(signing.keyId()))))
        .isNotNull();
  }

  // ------------------------------------------------------------------ RSA encryption

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = KeySpec.class,
      names = {"RSA_2048", "RSA_3072", "RSA_4096"})
  void rsaCiphertexts_madeOfflineWithTheJdkAndOpenssl_decryptHere(KeySpec spec) throws Exception {
    String keyId = encryptionKey(spec);
    byte[] spki = kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray();
    PublicKey publicKey =
        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));

    for (EncryptionAlgorithmSpec algorithm :
        List.of(
            EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)) {
      byte[] jdk = jdkOaep(publicKey, algorithm, MESSAGE);
      byte[] openssl = opensslOaep(spki, algorithm, MESSAGE);
      byte[] here =
          kms.encrypt(
                  r ->
                      r.keyId(keyId)
                          .plaintext(SdkBytes.fromByteArray(MESSAGE))
                          .encryptionAlgorithm(algorithm))
              .ciphertextBlob()
              .asByteArray();
      assertThat(here).as("a raw RSA ciphertext").hasSize(rsaBytes(spec));
      for (byte[] ciphertext : List.of(jdk, openssl, here)) {
        assertThat(
                kms.decrypt(
                        r ->
                            r.keyId(keyId)
                                .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                                .encryptionAlgorithm(algorithm))
                    .plaintext()
                    .asByteArray())
            .isEqualTo(MESSAGE);
      }
    }
  }

  @Test
  void rsaEncryption_limitsAndErrors_areAwsThroughTheSdk() {
    String keyId = encryptionKey(KeySpec.RSA_2048);
    assertThat(
            expectError(
                    "ValidationException",
                    () ->
                        kms.encrypt(
                            r ->
                                r.keyId(keyId)
                                    .plaintext(SdkBytes.fromByteArray(new byte[191]))
                                    .encryptionAlgorithm(
                                        EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than"
                + " 190 bytes.");
    assertThat(
            catchThrowableOfType(
                    InvalidKeyUsageException.class,
                    () ->
                        kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(MESSAGE))))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
    assertThat(
            catchThrowableOfType(
                InvalidCiphertextException.class,
                () ->
                    kms.decrypt(
                        r ->
                            r.keyId(keyId)
                                .ciphertextBlob(SdkBytes.fromByteArray(new byte[256]))
                                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1))))
        .isNotNull();

    String symmetric = kms.createKey(r -> r.description("re-encrypt target")).keyMetadata().keyId();
    byte[] rsaCiphertext =
        kms.encrypt(
                r ->
                    r.keyId(keyId)
                        .plaintext(SdkBytes.fromByteArray(MESSAGE))
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1))
            .ciphertextBlob()
            .asByteArray();
    byte[] reEncrypted =
        kms.reEncrypt(
                r ->
                    r.ciphertextBlob(SdkBytes.fromByteArray(rsaCiphertext))
                        .sourceKeyId(keyId)
                        .sourceEncryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                        .destinationKeyId(symmetric))
            .ciphertextBlob()
            .asByteArray();
    assertThat(
            kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(reEncrypted)))
                .plaintext()
                .asByteArray())
        .isEqualTo(MESSAGE);
  }

  // ------------------------------------------------------------------ offline verification

  private static boolean verifiesOffline(
      KeySpec spec, SigningAlgorithmSpec algorithm, byte[] spki, byte[] signature)
      throws Exception {
    switch (algorithm) {
      case ED25519_PH_SHA_512 -> {
        // Ed25519ph (RFC 8032): the JDK has none; Bouncy Castle's lightweight signer, empty
        // context.
        Ed25519phSigner verifier = new Ed25519phSigner(new byte[0]);
        verifier.init(
            false,
            new Ed25519PublicKeyParameters(
                SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes(), 0));
        verifier.update(MESSAGE, 0, MESSAGE.length);
        return verifier.verifySignature(signature);
      }
      case ML_DSA_SHAKE_256 -> {
        Signature verifier = Signature.getInstance("ML-DSA", "BC");
        verifier.initVerify(KeyFactory.getInstance("ML-DSA", "BC").generatePublic(x509(spki)));
        verifier.update(MESSAGE);
        return verifier.verify(signature);
      }
      default -> {
        boolean bouncyCastle = spec == KeySpec.ECC_SECG_P256_K1; // the JDK 17 has no secp256k1
        Signature verifier =
            bouncyCastle
                ? Signature.getInstance(jdkName(algorithm), "BC")
                : Signature.getInstance(jdkName(algorithm));
        if (algorithm.name().startsWith("RSASSA_PSS_")) {
          String hash = hash(algorithm);
          verifier.setParameter(
              new PSSParameterSpec(
                  hash,
                  "MGF1",
                  new MGF1ParameterSpec(hash),
                  MessageDigest.getInstance(hash).getDigestLength(),
                  1));
        }
        String family =
            switch (spec) {
              case RSA_2048, RSA_3072, RSA_4096 -> "RSA";
              case ECC_NIST_EDWARDS25519 -> "Ed25519";
              default -> "EC";
            };
        KeyFactory factory =
            bouncyCastle ? KeyFactory.getInstance(family, "BC") : KeyFactory.getInstance(family);
        verifier.initVerify(factory.generatePublic(x509(spki)));
        verifier.update(MESSAGE);
        return verifier.verify(signature);
      }
    }
  }

  private static X509EncodedKeySpec x509(byte[] spki) {
    return new X509EncodedKeySpec(spki);
  }

  private static String jdkName(SigningAlgorithmSpec algorithm) {
    return switch (algorithm) {
      case RSASSA_PKCS1_V1_5_SHA_256 -> "SHA256withRSA";
      case RSASSA_PKCS1_V1_5_SHA_384 -> "SHA384withRSA";
      case RSASSA_PKCS1_V1_5_SHA_512 -> "SHA512withRSA";
      case RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512 -> "RSASSA-PSS";
      case ECDSA_SHA_256 -> "SHA256withECDSA";
      case ECDSA_SHA_384 -> "SHA384withECDSA";
      case ECDSA_SHA_512 -> "SHA512withECDSA";
      case ED25519_SHA_512 -> "Ed25519";
      default -> throw new IllegalArgumentException(algorithm.toString());
    };
  }

  private static String hash(SigningAlgorithmSpec algorithm) {
    String name = algorithm.toString();
    if (name.endsWith("SHA_256")) {
      return "SHA-256";
    }
    return name.endsWith("SHA_384") ? "SHA-384" : "SHA-512";
  }

  /**
   * ML-DSA's external mu (FIPS 204, algorithm 7 with an empty context): SHAKE256(tr || 0 || 0 || M,
   * 64), tr = SHAKE256(pk, 64), pk the raw public key of the SubjectPublicKeyInfo.
   */
  private static byte[] externalMu(byte[] spki, byte[] message) {
    byte[] pk = SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
    byte[] tr = shake256(pk);
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(tr, 0, tr.length);
    shake.update((byte) 0);
    shake.update((byte) 0);
    shake.update(message, 0, message.length);
    byte[] mu = new byte[64];
    shake.doFinal(mu, 0, 64);
    return mu;
  }

  private static byte[] shake256(byte[] input) {
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(input, 0, input.length);
    byte[] out = new byte[64];
    shake.doFinal(out, 0, 64);
    return out;
  }

  // ------------------------------------------------------------------ openssl

  /**
   * What OpenSSL 3.0 verifies: RSA, ECDSA (NIST and secp256k1) and Ed25519, not Ed25519ph or
   * ML-DSA.
   */
  private static boolean opensslVerifies(SigningAlgorithmSpec algorithm) {
    return algorithm != SigningAlgorithmSpec.ED25519_PH_SHA_512
        && algorithm != SigningAlgorithmSpec.ML_DSA_SHAKE_256;
  }

  private static boolean openssl(SigningAlgorithmSpec algorithm, byte[] spki, byte[] signature)
      throws IOException, InterruptedException {
    Path key = Files.write(Files.createTempFile(work, "public", ".der"), spki);
    Path sig = Files.write(Files.createTempFile(work, "signature", ".bin"), signature);
    Path message = Files.write(Files.createTempFile(work, "message", ".bin"), MESSAGE);
    List<String> command = new ArrayList<>();
    if (algorithm == SigningAlgorithmSpec.ED25519_SHA_512) {
      command.addAll(
          List.of(
              "openssl",
              "pkeyutl",
              "-verify",
              "-pubin",
              "-inkey",
              key.toString(),
              "-keyform",
              "DER",
              "-rawin",
              "-in",
              message.toString(),
              "-sigfile",
              sig.toString()));
    } else {
      command.addAll(
          List.of(
              "openssl",
              "dgst",
              "-" + hash(algorithm).replace("-", "").toLowerCase(java.util.Locale.ROOT),
              "-verify",
              key.toString(),
              "-keyform",
              "DER",
              "-signature",
              sig.toString()));
      if (algorithm.name().startsWith("RSASSA_PSS_")) {
        command.addAll(
            List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"));
      }
      command.add(message.toString());
    }
    return run(command).exitValue() == 0;
  }

  private static byte[] opensslOaep(
      byte[] spki, EncryptionAlgorithmSpec algorithm, byte[] plaintext)
      throws IOException, InterruptedException {
    String md = algorithm == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1 ? "sha1" : "sha256";
    Path key = Files.write(Files.createTempFile(work, "public", ".der"), spki);
    Path in = Files.write(Files.createTempFile(work, "plaintext", ".bin"), plaintext);
    Path out = work.resolve("ciphertext-" + System.nanoTime() + ".bin");
    Process process =
        run(
            List.of(
                "openssl",
                "pkeyutl",
                "-encrypt",
                "-pubin",
                "-inkey",
                key.toString(),
                "-keyform",
                "DER",
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:" + md,
                "-pkeyopt",
                "rsa_mgf1_md:" + md,
                "-in",
                in.toString(),
                "-out",
                out.toString()));
    assertThat(process.exitValue()).as("openssl pkeyutl -encrypt").isZero();
    return Files.readAllBytes(out);
  }

  private static Process run(List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("openssl-" + System.nanoTime() + ".log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
    return process;
  }

  private static byte[] jdkOaep(PublicKey key, EncryptionAlgorithmSpec algorithm, byte[] plaintext)
      throws Exception {
    boolean sha1 = algorithm == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1;
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        key,
        new OAEPParameterSpec(
            sha1 ? "SHA-1" : "SHA-256",
            "MGF1",
            sha1 ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT));
    return cipher.doFinal(plaintext);
  }

  private static int rsaBytes(KeySpec spec) {
    return switch (spec) {
      case RSA_2048 -> 256;
      case RSA_3072 -> 384;
      default -> 512;
    };
  }
}

package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import java.util.List;
import java.util.Map;

/**
 * The asymmetric data path, counterpart of {@link SymmetricCrypto}: Sign, Verify, GetPublicKey and
 * RSA encryption (Encrypt, Decrypt, ReEncrypt with an RSA ENCRYPT_DECRYPT key), with the checks
 * each makes on its key (authorization, usage, state, algorithm). An asymmetric key has one version
 * (it never rotates); its primary version is the one every request uses.
 *
 * <p>RSA ciphertexts are raw RSAES-OAEP output, no header: they decrypt only with the KeyId and
 * EncryptionAlgorithm named in the request, as in AWS, and a ciphertext made offline with the key's
 * public key decrypts here.
 */
final class AsymmetricCrypto {
  private final KeyResolver resolver;
  private final Enclave enclave;

  AsymmetricCrypto(KeyResolver resolver, Enclave enclave) {
    this.resolver = resolver;
    this.enclave = enclave;
  }

  // --- Sign, Verify, GetPublicKey

  /**
   * The key of a Sign or Verify request, checked in AWS's order: it exists, the caller may {@code
   * kms:<operation>} with the request's algorithm and message type, its usage is SIGN_VERIFY, its
   * state allows use, the algorithm is one of its spec's.
   */
  KmsKey signingKey(
      String keyIdMember,
      String operation,
      SigningAlgorithm algorithm,
      MessageType messageType,
      List<String> grantTokens,
      OperationContext context) {
    KmsKey key =
        authorizedKey(
            keyIdMember,
            operation,
            ConditionContext.builder()
                .put("kms:SigningAlgorithm", algorithm.toString())
                .put("kms:MessageType", messageType.toString()),
            grantTokens,
            context);
    requireUsage(key, KeyUsage.SIGN_VERIFY, operation);
    key.requireUsableForCryptography();
    SigningRules.requireAlgorithmOfSpec(key, algorithm);
    return key;
  }

  byte[] sign(KmsKey key, SigningAlgorithm algorithm, MessageType messageType, byte[] message) {
    KeyVersion version = key.primaryVersion();
    return SymmetricCrypto.unwrapping(
        key,
        () ->
            enclave.sign(
                ref(key, version),
                key.keySpec(),
                version.material(),
                algorithm,
                messageType,
                message));
  }

  boolean verify(
      KmsKey key,
      SigningAlgorithm algorithm,
      MessageType messageType,
      byte[] message,
      byte[] signature) {
    KeyVersion version = key.primaryVersion();
    return SymmetricCrypto.unwrapping(
        key,
        () ->
            enclave.verify(
                ref(key, version),
                key.keySpec(),
                version.material(),
                algorithm,
                messageType,
                message,
                signature));
  }

  /**
   * The key of a GetPublicKey request: authorized, asymmetric (UnsupportedOperationException for a
   * symmetric or HMAC key; AWS's message is not on record, this one is inferred), in a state that
   * allows use.
   */
  KmsKey publicKeyHolder(String keyIdMember, List<String> grantTokens, OperationContext context) {
    KmsKey key =
        authorizedKey(
            keyIdMember, "GetPublicKey", ConditionContext.builder(), grantTokens, context);
    if (!key.keySpec().isAsymmetric()) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          key.arn() + " key spec is " + key.keySpec() + " which is not valid for GetPublicKey.");
    }
    key.requireUsableForCryptography();
    return key;
  }

  /** X.509 SubjectPublicKeyInfo, DER. */
  byte[] publicKey(KmsKey key) {
    KeyVersion version = key.primaryVersion();
    return SymmetricCrypto.unwrapping(
        key, () -> enclave.publicKey(ref(key, version), key.keySpec(), version.material()));
  }

  // --- RSA encryption

  /** Whether requests to encrypt under {@code key} take this path: an RSA encryption key. */
  static boolean encrypts(KmsKey key) {
    return key.keySpec().family() == KeySpec.Family.RSA
        && key.keyUsage() == KeyUsage.ENCRYPT_DECRYPT;
  }

  /**
   * RSAES-OAEP encryption under an RSA encryption key already resolved ({@link #encrypts}), with
   * AWS's checks: authorization, state, the algorithm (required: SYMMETRIC_DEFAULT, the default, is
   * refused with "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.", as AWS
   * answers, aws/aws-encryption-sdk-java#181 and jkroepke/helm-secrets#395), no encryption context,
   * the plaintext limit of the key size and algorithm, DryRun.
   *
   * @return the raw RSA ciphertext
   */
  byte[] encrypt(
      KmsKey key,
      String keyIdMember,
      byte[] plaintext,
      EncryptionAlgorithm requested,
      EncryptionContext encryptionContext,
      CryptoAccess access,
      Boolean dryRun,
      OperationContext context) {
    EncryptionAlgorithm algorithm =
        requested == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : requested;
    context.authorize(access.on(key, keyIdMember, algorithm));
    key.requireUsableForCryptography();
    requireEncryptionAlgorithmOfSpec(key, algorithm);
    requireNoEncryptionContext(encryptionContext);
    int limit = RsaOaep.maxPlaintextBytes(key.keySpec(), algorithm);
    if (plaintext.length > limit) {
      // AWS's wording (LocalStack's AWS-validated snapshot
      // test_encrypt_validate_plaintext_size_per_key_type).
      throw Validation.plain(
          "Algorithm "
              + algorithm
              + " and key spec "
              + key.keySpec()
              + " cannot encrypt data larger than "
              + limit
              + " bytes.");
    }
    if (Boolean.TRUE.equals(dryRun)) {
      throw KmsException.dryRun();
    }
    KeyVersion version = key.primaryVersion();
    return SymmetricCrypto.unwrapping(
        key,
        () ->
            enclave.encryptAsymmetric(
                ref(key, version), key.keySpec(), version.material(), algorithm, plaintext));
  }

  /**
   * Decrypts a raw RSA ciphertext: Decrypt (or ReEncrypt's source) naming its key and an algorithm
   * other than SYMMETRIC_DEFAULT. (Without a KeyId a ciphertext is taken as symmetric, since an RSA
   * ciphertext names no key: {@link #takesAsymmetricPath}.)
   *
   * @param keyIdMember the KeyId (or SourceKeyId) member, not {@code null}
   * @param algorithm an algorithm other than SYMMETRIC_DEFAULT
   */
  SymmetricCrypto.Opened decrypt(
      byte[] ciphertext,
      String blobMember,
      String keyIdMember,
      String member,
      EncryptionAlgorithm algorithm,
      EncryptionContext encryptionContext,
      String operation,
      CryptoAccess access,
      OperationContext context) {
    Validation.required(ciphertext, blobMember);
    Validation.blobLength(ciphertext, 1, 6144, blobMember);
    KmsKey key = resolver.resolve(keyIdMember, member, context);
    context.touched(key);
    context.authorize(access.on(key, keyIdMember, algorithm));
    requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, operation);
    key.requireUsableForCryptography();
    requireEncryptionAlgorithmOfSpec(key, algorithm);
    requireNoEncryptionContext(encryptionContext);
    // An RSA ciphertext is exactly as long as the modulus; anything else cannot be one.
    if (ciphertext.length != key.keySpec().size() / 8) {
      throw KmsException.invalidCiphertext();
    }
    KeyVersion version = key.primaryVersion();
    try {
      byte[] plaintext =
          SymmetricCrypto.unwrapping(
              key,
              () ->
                  enclave.decryptAsymmetric(
                      ref(key, version), key.keySpec(), version.material(), algorithm, ciphertext));
      return new SymmetricCrypto.Opened(key, version, plaintext);
    } catch (EnclaveAuthenticationException e) {
      throw KmsException.invalidCiphertext();
    }
  }

  /**
   * Whether a Decrypt-like request decrypts here: it names its key and an algorithm other than
   * SYMMETRIC_DEFAULT. Every other request takes the symmetric path unchanged, which refuses an
   * RSAES_* algorithm as incompatible with SYMMETRIC_DEFAULT.
   */
  static boolean takesAsymmetricPath(String keyIdMember, EncryptionAlgorithm algorithm) {
    return keyIdMember != null
        && algorithm != null
        && algorithm != EncryptionAlgorithm.SYMMETRIC_DEFAULT;
  }

  private static void requireEncryptionAlgorithmOfSpec(KmsKey key, EncryptionAlgorithm algorithm) {
    if (!key.keySpec().encryptionAlgorithms(key.keyUsage()).contains(algorithm)) {
      throw KmsException.of(
          KmsErrorType.INVALID_KEY_USAGE,
          "Algorithm " + algorithm + " is incompatible with key spec " + key.keySpec() + ".");
    }
  }

  /**
   * AWS supports an encryption context only with symmetric keys (its documentation); its error for
   * one given with an RSA key is not on record: this message is inferred.
   */
  private static void requireNoEncryptionContext(EncryptionContext encryptionContext) {
    if (!encryptionContext.asMap().isEmpty()) {
      throw Validation.plain("EncryptionContext is not supported with asymmetric KMS keys.");
    }
  }

  // --- shared

  /**
   * Resolves the key a request names (aliases allowed), notes it, and asks {@code kms:<operation>}
   * (which a grant for the operation allows too) with the request's condition keys and {@code
   * kms:RequestAlias}.
   */
  private KmsKey authorizedKey(
      String keyIdMember,
      String operation,
      ConditionContext.Builder conditions,
      List<String> grantTokens,
      OperationContext context) {
    KmsKey key = resolver.resolve(keyIdMember, "keyId", context);
    context.touched(key);
    String alias = RequestAlias.of(keyIdMember);
    if (alias != null) {
      conditions.put("kms:RequestAlias", alias);
    }
    context.authorize(
        KeyAccess.grantable(operation, key, conditions.build(), Map.of(), grantTokens));
    return key;
  }

  /** InvalidKeyUsageException in AWS's words ("... key usage is X which is not valid for Y."). */
  static void requireUsage(KmsKey key, KeyUsage usage, String operation) {
    if (key.keyUsage() != usage) {
      throw KmsException.of(
          KmsErrorType.INVALID_KEY_USAGE,
          key.arn()
              + " key usage is "
              + key.keyUsage()
              + " which is not valid for "
              + operation
              + ".");
    }
  }

  private static KeyVersionRef ref(KmsKey key, KeyVersion version) {
    return new KeyVersionRef(key.keyId(), version.number());
  }
}

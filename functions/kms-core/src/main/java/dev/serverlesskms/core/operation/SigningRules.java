package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;

/**
 * AWS's rules on a Sign or Verify request's algorithm and message, given the key:
 *
 * <ul>
 *   <li>the algorithm is one of the key spec's (InvalidKeyUsageException "Algorithm X is
 *       incompatible with key spec Y.", the wording AWS gives for MAC algorithms in LocalStack's
 *       AWS-validated snapshot test_invalid_generate_mac, and for an ECDSA algorithm with an
 *       Ed25519 key as observed by floci's tests);
 *   <li>ML-DSA takes RAW or EXTERNAL_MU, never DIGEST ("Message type DIGEST is incompatible with
 *       key spec ML_DSA_44.", observed against AWS, floci-io/floci#3025); EXTERNAL_MU is ML-DSA's
 *       alone (the same wording for other specs: inferred) and is 64 bytes (FIPS 204 mu);
 *   <li>ED25519_SHA_512 takes RAW only and ED25519_PH_SHA_512 DIGEST only ("Message type DIGEST is
 *       incompatible with algorithm ED25519_SHA_512.", as floci's tests record AWS's answer);
 *   <li>a DIGEST is exactly as long as the algorithm's hash ("Digest is invalid length for
 *       algorithm ECDSA_SHA_256.", AWS-validated in LocalStack's snapshot test_sign_verify).
 * </ul>
 */
final class SigningRules {
  /** The length of an ML-DSA external mu (FIPS 204, section 6.2). */
  static final int EXTERNAL_MU_BYTES = 64;

  private SigningRules() {}

  static void requireAlgorithmOfSpec(KmsKey key, SigningAlgorithm algorithm) {
    if (!key.keySpec().signingAlgorithms(key.keyUsage()).contains(algorithm)) {
      throw KmsException.of(
          KmsErrorType.INVALID_KEY_USAGE,
          "Algorithm " + algorithm + " is incompatible with key spec " + key.keySpec() + ".");
    }
  }

  static void requireMessage(
      KeySpec spec, SigningAlgorithm algorithm, MessageType messageType, byte[] message) {
    boolean mlDsa = spec.family() == KeySpec.Family.ML_DSA;
    if (messageType == MessageType.DIGEST && mlDsa
        || messageType == MessageType.EXTERNAL_MU && !mlDsa) {
      throw Validation.plain(
          "Message type " + messageType + " is incompatible with key spec " + spec + ".");
    }
    if (algorithm == SigningAlgorithm.ED25519_SHA_512 && messageType != MessageType.RAW
        || algorithm == SigningAlgorithm.ED25519_PH_SHA_512 && messageType != MessageType.DIGEST) {
      throw Validation.plain(
          "Message type " + messageType + " is incompatible with algorithm " + algorithm + ".");
    }
    int expected =
        switch (messageType) {
          case RAW -> -1;
          case DIGEST -> digestLength(algorithm);
          case EXTERNAL_MU -> EXTERNAL_MU_BYTES;
        };
    if (expected >= 0 && message.length != expected) {
      // AWS's wording for a digest; for an external mu of another length: inferred.
      throw Validation.plain("Digest is invalid length for algorithm " + algorithm + ".");
    }
  }

  /** The hash length of an algorithm that signs digests. */
  static int digestLength(SigningAlgorithm algorithm) {
    return switch (algorithm) {
      case RSASSA_PSS_SHA_256, RSASSA_PKCS1_V1_5_SHA_256, ECDSA_SHA_256, SM2DSA -> 32;
      case RSASSA_PSS_SHA_384, RSASSA_PKCS1_V1_5_SHA_384, ECDSA_SHA_384 -> 48;
      case RSASSA_PSS_SHA_512, RSASSA_PKCS1_V1_5_SHA_512, ECDSA_SHA_512, ED25519_PH_SHA_512 -> 64;
      case ML_DSA_SHAKE_256, ED25519_SHA_512 ->
          throw new IllegalArgumentException(algorithm + " signs no digest");
    };
  }
}

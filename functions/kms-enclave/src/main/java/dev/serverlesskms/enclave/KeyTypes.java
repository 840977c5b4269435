package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.crypto.AsymmetricSpec;
import dev.serverlesskms.crypto.HmacAlgorithm;
import dev.serverlesskms.crypto.MessageKind;
import dev.serverlesskms.crypto.OaepAlgorithm;
import dev.serverlesskms.crypto.SignatureAlgorithm;

/**
 * The port's names for specs and algorithms, mapped to kms-crypto's (which uses AWS's wire names
 * too). What has no counterpart (SM2, SYMMETRIC_DEFAULT where an RSA algorithm is wanted, an
 * algorithm of another spec) is an {@link IllegalArgumentException}: the caller should have refused
 * it.
 */
final class KeyTypes {
  private KeyTypes() {}

  static AsymmetricSpec asymmetricOf(KeySpec spec) {
    if (!spec.isAsymmetric() || !spec.offered()) {
      throw new IllegalArgumentException(spec + " is not an asymmetric spec this enclave offers");
    }
    return AsymmetricSpec.valueOf(spec.name());
  }

  static HmacAlgorithm hmacOf(KeySpec spec) {
    if (!spec.isHmac()) {
      throw new IllegalArgumentException(spec + " is not an HMAC spec");
    }
    return HmacAlgorithm.valueOf("HMAC_SHA_" + spec.size());
  }

  static HmacAlgorithm hmacOf(KeySpec spec, MacAlgorithm algorithm) {
    if (!spec.macAlgorithms(KeyUsage.GENERATE_VERIFY_MAC).contains(algorithm)) {
      throw new IllegalArgumentException(algorithm + " is not the MAC algorithm of " + spec);
    }
    return HmacAlgorithm.valueOf(algorithm.name());
  }

  static SignatureAlgorithm signatureOf(SigningAlgorithm algorithm) {
    if (algorithm == SigningAlgorithm.SM2DSA) {
      throw new IllegalArgumentException("SM2DSA is not offered");
    }
    return SignatureAlgorithm.valueOf(algorithm.name());
  }

  static MessageKind kindOf(MessageType type) {
    return MessageKind.valueOf(type.name());
  }

  static OaepAlgorithm oaepOf(EncryptionAlgorithm algorithm) {
    return switch (algorithm) {
      case RSAES_OAEP_SHA_1 -> OaepAlgorithm.RSAES_OAEP_SHA_1;
      case RSAES_OAEP_SHA_256 -> OaepAlgorithm.RSAES_OAEP_SHA_256;
      default -> throw new IllegalArgumentException(algorithm + " is not an RSA algorithm");
    };
  }
}

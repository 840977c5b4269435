package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave.ImportParameters;
import dev.serverlesskms.core.port.ImportTokenException;
import dev.serverlesskms.core.port.ImportedMaterialException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Key import (bring your own key) up to the unwrapped material: issues the RSA wrapping key and its
 * {@link ImportToken}, and later opens the token and, with its private key, the customer's wrapped
 * material ({@link ImportUnwrapper}). Storing the material is {@link KeyVersionEnclave}'s job, the
 * same as for generated material.
 */
final class KeyImport {
  private final RootKey rootKey;
  private final SecureRandom random;

  KeyImport(RootKey rootKey, SecureRandom random) {
    this.rootKey = Objects.requireNonNull(rootKey, "rootKey");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * @throws IllegalArgumentException for the SM2 spec, RSAES_PKCS1_V1_5 or SM2PKE
   */
  ImportParameters createParameters(
      KeyId keyId, WrappingKeySpec spec, WrappingAlgorithm algorithm, Instant validTo) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(validTo, "validTo");
    ImportUnwrapper.requireSupported(algorithm);
    KeyPair pair = RsaWrappingKeys.generate(spec, random);
    byte[] privateKey = pair.getPrivate().getEncoded(); // a fresh copy, ours to wipe
    try {
      byte[] token = ImportToken.seal(rootKey, keyId, algorithm, validTo, privateKey);
      return new ImportParameters(pair.getPublic().getEncoded(), token, validTo);
    } finally {
      Arrays.fill(privateKey, (byte) 0);
    }
  }

  /**
   * @return the 32 bytes of material (the caller closes them)
   * @throws ImportTokenException INVALID if the token does not open for {@code keyId} under this
   *     root key, EXPIRED if {@code now} is after its validity
   * @throws ImportedMaterialException UNWRAP_FAILED if the material does not unwrap with the
   *     token's key and algorithm, WRONG_LENGTH if it unwraps to anything but 32 bytes
   */
  KeyMaterial unwrap(KeyId keyId, byte[] importToken, byte[] encryptedKeyMaterial, Instant now) {
    KeyMaterial material = unwrapAnyLength(keyId, importToken, encryptedKeyMaterial, now);
    if (material.length() != AesGcm.KEY_BYTES) {
      int length = material.length();
      material.close();
      throw new ImportedMaterialException(
          ImportedMaterialException.Reason.WRONG_LENGTH,
          "the imported key material has " + length + " bytes; a symmetric key takes 32");
    }
    return material;
  }

  /**
   * As {@link #unwrap}, for material of any length (a PKCS#8 private key, an HMAC key), which the
   * caller checks against the key's spec.
   */
  KeyMaterial unwrapAnyLength(
      KeyId keyId, byte[] importToken, byte[] encryptedKeyMaterial, Instant now) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(encryptedKeyMaterial, "encryptedKeyMaterial");
    Objects.requireNonNull(now, "now");
    try (ImportToken token = ImportToken.open(rootKey, keyId, importToken)) {
      token.requireValidAt(now);
      RSAPrivateKey privateKey = privateKey(keyId, token);
      return ImportUnwrapper.unwrap(token.algorithm(), privateKey, encryptedKeyMaterial);
    }
  }

  /** The token authenticated, so a key that does not decode is a token this enclave cannot use. */
  private static RSAPrivateKey privateKey(KeyId keyId, ImportToken token) {
    try {
      return RsaWrappingKeys.decodePrivate(token.privateKeyPkcs8());
    } catch (InvalidKeySpecException e) {
      throw new ImportTokenException(
          ImportTokenException.Reason.INVALID,
          "the import token for key " + keyId + " holds no usable wrapping key");
    }
  }
}

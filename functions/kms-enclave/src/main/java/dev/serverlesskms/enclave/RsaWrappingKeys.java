package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.WrappingKeySpec;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;

/**
 * The RSA key pairs of key import (GetParametersForImport): generated with the JDK's RSA provider
 * (SunRsaSign) from the enclave's random source, public exponent 65537. The private half travels in
 * the import token as PKCS#8 DER ({@link ImportToken}) and is decoded again here when it is used.
 */
final class RsaWrappingKeys {
  private RsaWrappingKeys() {}

  /**
   * @param spec RSA_2048, RSA_3072 or RSA_4096
   * @throws IllegalArgumentException for any other spec (SM2)
   */
  static KeyPair generate(WrappingKeySpec spec, SecureRandom random) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(random, "random");
    if (spec != WrappingKeySpec.RSA_2048
        && spec != WrappingKeySpec.RSA_3072
        && spec != WrappingKeySpec.RSA_4096) {
      throw new IllegalArgumentException("wrapping key spec " + spec + " is not supported");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(
          new RSAKeyGenParameterSpec(spec.bits(), RSAKeyGenParameterSpec.F4), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an " + spec + " key pair", e);
    }
  }

  /**
   * Decodes a PKCS#8 RSA private key. The caller keeps (and zeroizes) {@code pkcs8}.
   *
   * @throws InvalidKeySpecException if it is not one
   */
  static RSAPrivateKey decodePrivate(byte[] pkcs8) throws InvalidKeySpecException {
    KeyFactory factory;
    try {
      factory = KeyFactory.getInstance("RSA");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no RSA key factory", e);
    }
    if (factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)) instanceof RSAPrivateKey rsa) {
      return rsa;
    }
    throw new InvalidKeySpecException("not an RSA private key");
  }

  /** The length of the key's modulus in bytes: the length of every RSA ciphertext under it. */
  static int modulusBytes(RSAPrivateKey key) {
    BigInteger modulus = key.getModulus();
    return (modulus.bitLength() + 7) / 8;
  }
}

package dev.serverlesskms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.DataKeyPairSpec;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Checks a data key pair from outside the KMS, with the JDK and Bouncy Castle (which has secp256k1,
 * a curve the JDK dropped): the private key parses as PKCS#8 DER and the public key as X.509
 * SubjectPublicKeyInfo DER, both of the pair spec's algorithm and size, and they are halves of one
 * pair: a signature made with the private key verifies with the public key.
 */
public final class KeyPairHalves {
  private static final Provider BC = new BouncyCastleProvider();

  private KeyPairHalves() {}

  /** Asserts that {@code pkcs8} and {@code spki} are the two halves of a {@code spec} pair. */
  public static void assertMatch(DataKeyPairSpec spec, byte[] pkcs8, byte[] spki) {
    try {
      KeyFactory factory = KeyFactory.getInstance(keyAlgorithm(spec), BC);
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
      assertOfSpec(spec, publicKey);
      byte[] message = new byte[64];
      new SecureRandom().nextBytes(message);
      Signature signer = Signature.getInstance(signatureAlgorithm(spec), BC);
      signer.initSign(privateKey);
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(signatureAlgorithm(spec), BC);
      verifier.initVerify(publicKey);
      verifier.update(message);
      assertThat(verifier.verify(signature))
          .as("%s: a signature by the private key verifies with the public key", spec)
          .isTrue();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(spec + ": the pair does not parse or sign: " + e, e);
    }
  }

  /** The public key as a JCA key (Bouncy Castle's provider), for tests that use it further. */
  public static PublicKey publicKey(DataKeyPairSpec spec, byte[] spki) {
    try {
      return KeyFactory.getInstance(keyAlgorithm(spec), BC)
          .generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(spec + ": the public key does not parse: " + e, e);
    }
  }

  private static void assertOfSpec(DataKeyPairSpec spec, PublicKey publicKey) {
    switch (spec) {
      case RSA_2048, RSA_3072, RSA_4096 ->
          assertThat(((RSAPublicKey) publicKey).getModulus().bitLength())
              .isEqualTo(Integer.parseInt(spec.name().substring(4)));
      case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1 -> {
        var curve = ((ECPublicKey) publicKey).getParams().getCurve();
        assertThat(curve.getField().getFieldSize()).isEqualTo(spec.keySpec().size());
        // secp256k1 is y^2 = x^3 + 7 (a = 0); the NIST curves have a = -3.
        assertThat(curve.getA().signum() == 0)
            .as("%s: the curve's a coefficient", spec)
            .isEqualTo(spec == DataKeyPairSpec.ECC_SECG_P256K1);
      }
      case ECC_NIST_EDWARDS25519 -> assertThat(publicKey.getAlgorithm()).isEqualTo("Ed25519");
      case SM2 -> throw new AssertionError("SM2 pairs are not offered");
    }
  }

  private static String keyAlgorithm(DataKeyPairSpec spec) {
    return switch (spec) {
      case RSA_2048, RSA_3072, RSA_4096 -> "RSA";
      case ECC_NIST_EDWARDS25519 -> "Ed25519";
      default -> "EC";
    };
  }

  private static String signatureAlgorithm(DataKeyPairSpec spec) {
    return switch (spec) {
      case RSA_2048, RSA_3072, RSA_4096 -> "SHA256withRSA";
      case ECC_NIST_EDWARDS25519 -> "Ed25519";
      default -> "SHA256withECDSA";
    };
  }
}

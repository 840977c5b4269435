package dev.serverlesskms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.DataKeyPairSpec;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Checks a data key pair from outside the KMS, with the JDK alone: the private key parses as PKCS#8
 * DER and the public key as X.509 SubjectPublicKeyInfo DER, both of the pair spec's algorithm and
 * size, and they are halves of one pair. RSA and Ed25519 halves must sign and verify; for elliptic
 * curves the public point must be the private scalar times the curve's generator, computed here,
 * which also covers secp256k1 (the JDK still parses its keys but no longer signs with them).
 */
public final class KeyPairHalves {
  private KeyPairHalves() {}

  /** Asserts that {@code pkcs8} and {@code spki} are the two halves of a {@code spec} pair. */
  public static void assertMatch(DataKeyPairSpec spec, byte[] pkcs8, byte[] spki) {
    try {
      KeyFactory factory = KeyFactory.getInstance(keyAlgorithm(spec));
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
      switch (spec) {
        case RSA_2048, RSA_3072, RSA_4096 -> {
          assertThat(((RSAPublicKey) publicKey).getModulus().bitLength())
              .isEqualTo(spec.keySpec().size());
          assertSignsAndVerifies(spec, "SHA256withRSA", privateKey, publicKey);
        }
        case ECC_NIST_EDWARDS25519 ->
            assertSignsAndVerifies(spec, "Ed25519", privateKey, publicKey);
        case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1 -> {
          ECParameterSpec curve = ((ECPublicKey) publicKey).getParams();
          assertOnCurveOf(spec, curve.getCurve());
          assertThat(multiply(curve, ((ECPrivateKey) privateKey).getS()))
              .as("%s: the public point is the private scalar times the generator", spec)
              .isEqualTo(((ECPublicKey) publicKey).getW());
        }
        case SM2 -> throw new AssertionError("SM2 pairs are not offered");
      }
    } catch (GeneralSecurityException e) {
      throw new AssertionError(spec + ": the pair does not parse or sign: " + e, e);
    }
  }

  private static String keyAlgorithm(DataKeyPairSpec spec) {
    return switch (spec) {
      case RSA_2048, RSA_3072, RSA_4096 -> "RSA";
      case ECC_NIST_EDWARDS25519 -> "Ed25519";
      default -> "EC";
    };
  }

  private static void assertSignsAndVerifies(
      DataKeyPairSpec spec, String algorithm, PrivateKey privateKey, PublicKey publicKey)
      throws GeneralSecurityException {
    byte[] message = new byte[64];
    new SecureRandom().nextBytes(message);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(privateKey);
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(message);
    assertThat(verifier.verify(signature))
        .as("%s: a signature by the private key verifies with the public key", spec)
        .isTrue();
  }

  private static void assertOnCurveOf(DataKeyPairSpec spec, EllipticCurve curve) {
    ECField field = curve.getField();
    assertThat(field.getFieldSize()).as("%s: field size", spec).isEqualTo(spec.keySpec().size());
    // secp256k1 is y^2 = x^3 + 7 (a = 0); the NIST prime curves have a = p - 3.
    assertThat(curve.getA().signum() == 0)
        .as("%s: the curve's a coefficient is zero", spec)
        .isEqualTo(spec == DataKeyPairSpec.ECC_SECG_P256K1);
  }

  /** {@code k} times the generator, in affine coordinates (double and add). */
  private static ECPoint multiply(ECParameterSpec params, BigInteger k) {
    BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
    BigInteger a = params.getCurve().getA();
    ECPoint result = ECPoint.POINT_INFINITY;
    ECPoint addend = params.getGenerator();
    for (int i = 0; i < k.bitLength(); i++) {
      if (k.testBit(i)) {
        result = add(result, addend, a, p);
      }
      addend = add(addend, addend, a, p);
    }
    return result;
  }

  private static ECPoint add(ECPoint u, ECPoint v, BigInteger a, BigInteger p) {
    if (u.equals(ECPoint.POINT_INFINITY)) {
      return v;
    }
    if (v.equals(ECPoint.POINT_INFINITY)) {
      return u;
    }
    BigInteger x1 = u.getAffineX();
    BigInteger y1 = u.getAffineY();
    BigInteger x2 = v.getAffineX();
    BigInteger y2 = v.getAffineY();
    BigInteger slope;
    if (x1.equals(x2)) {
      if (y1.add(y2).mod(p).signum() == 0) {
        return ECPoint.POINT_INFINITY;
      }
      BigInteger three = BigInteger.valueOf(3);
      slope = x1.pow(2).multiply(three).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
    } else {
      slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
    }
    BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(p);
    BigInteger y3 = slope.multiply(x1.subtract(x3)).subtract(y1).mod(p);
    return new ECPoint(x3, y3);
  }
}

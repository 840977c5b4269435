package dev.serverlesskms.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Point arithmetic for the Weierstrass curves, on Bouncy Castle's math (the JDK has no public API
 * that derives a public key from a private one): the public point of a private scalar, and the
 * checks an imported private key and a peer public key must pass.
 */
final class EcPoints {
  private EcPoints() {}

  static X9ECParameters curve(AsymmetricSpec spec) {
    ASN1ObjectIdentifier oid = KeyInfo.curveOid(spec);
    X9ECParameters curve = CustomNamedCurves.getByOID(oid);
    if (curve == null) {
      throw new IllegalStateException("Bouncy Castle lacks the curve of " + spec);
    }
    return curve;
  }

  /** Q = d G. */
  static ECPoint publicPoint(X9ECParameters curve, BigInteger d) {
    return new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
  }

  /**
   * @throws KeyEncodingException unless 1 <= d < n
   */
  static void checkPrivateScalar(X9ECParameters curve, BigInteger d) throws KeyEncodingException {
    if (d.signum() <= 0 || d.compareTo(curve.getN()) >= 0) {
      throw new KeyEncodingException("the EC private key is out of range for its curve");
    }
  }

  /**
   * An SEC 1 ECPrivateKey may carry its public key: if it does, it must be d G.
   *
   * @throws KeyEncodingException if it is there and is another point
   */
  static void checkEmbeddedPublicKey(X9ECParameters curve, PrivateKeyInfo info, ECPoint expected)
      throws KeyEncodingException {
    ASN1BitString embedded;
    try {
      embedded =
          org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
    } catch (java.io.IOException | RuntimeException e) {
      throw new KeyEncodingException("not a valid EC private key");
    }
    if (embedded == null) {
      return;
    }
    ECPoint point;
    try {
      point = curve.getCurve().decodePoint(embedded.getOctets());
    } catch (RuntimeException e) {
      throw new KeyEncodingException("the EC private key carries an invalid public key");
    }
    if (!point.equals(expected)) {
      throw new KeyEncodingException("the EC private key carries another public key than its own");
    }
  }

  /** The private scalar of an SEC 1 ECPrivateKey inside PKCS#8. */
  static BigInteger privateScalar(PrivateKeyInfo info) throws KeyEncodingException {
    try {
      return org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
    } catch (java.io.IOException | RuntimeException e) {
      throw new KeyEncodingException("not a valid EC private key");
    }
  }

  /**
   * Decodes a point (uncompressed or compressed) and checks it is on the curve and not the point at
   * infinity; the curves here have cofactor 1, so that makes it a valid public key.
   */
  static ECPoint decodePublicPoint(X9ECParameters curve, byte[] encoded)
      throws KeyEncodingException {
    ECPoint point;
    try {
      point = curve.getCurve().decodePoint(encoded);
    } catch (RuntimeException e) {
      throw new KeyEncodingException("the EC public key is not a point on its curve");
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new KeyEncodingException("the EC public key is not a valid point on its curve");
    }
    return point.normalize();
  }
}

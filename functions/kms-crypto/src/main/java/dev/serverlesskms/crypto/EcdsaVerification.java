package dev.serverlesskms.crypto;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA verification for every curve, on Bouncy Castle's lightweight API, including the NIST curves
 * whose signing is the JDK's. Project Wycheproof showed the JDK's SunEC (17.0.15) wrong on both
 * sides: it accepts a signature whose DER is not minimal ("s misses leading 0"), and it rejects
 * valid signatures whose point R has an x coordinate of at least n (r = x mod n). Here the encoding
 * must be strict DER with 0 < r, s < n, and r is compared modulo n as FIPS 186-5 says.
 */
final class EcdsaVerification {
  private EcdsaVerification() {}

  static boolean verify(ECPublicKeyParameters key, byte[] digest, byte[] signature) {
    BigInteger n = key.getParameters().getN();
    BigInteger[] rs;
    try {
      // strict: decodes only what re-encodes to the same bytes, and 0 < r, s < n
      rs = StandardDSAEncoding.INSTANCE.decode(n, signature);
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle's decoder throws whatever its ASN.1 parser meets (a NULL where an INTEGER
      // should be is a ClassCastException): all of it means "not a signature"
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(digest, rs[0], rs[1]);
  }
}

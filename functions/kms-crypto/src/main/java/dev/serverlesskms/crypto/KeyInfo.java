package dev.serverlesskms.crypto;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads the outer structure of PKCS#8 and SubjectPublicKeyInfo encodings (with Bouncy Castle's
 * ASN.1 parser, which refuses trailing bytes) and checks that their algorithm, and curve for EC
 * keys, are those of the spec expected, before any provider parses the key itself. This is where
 * "not a key", "a key of another type" and "a key on another curve" are told apart, with messages
 * that name the problem and never the key.
 */
final class KeyInfo {
  // RFC 8410 (Bouncy Castle keeps its constant in an internal package)
  private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private KeyInfo() {}

  static PrivateKeyInfo privateKeyInfo(AsymmetricSpec spec, byte[] der)
      throws KeyEncodingException {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyEncodingException("not a PKCS#8 private key (DER)");
    }
    if (info == null) {
      throw new KeyEncodingException("not a PKCS#8 private key (DER)");
    }
    checkAlgorithm(spec, info.getPrivateKeyAlgorithm(), "private");
    return info;
  }

  static SubjectPublicKeyInfo publicKeyInfo(AsymmetricSpec spec, byte[] der)
      throws KeyEncodingException {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyEncodingException("not an X.509 SubjectPublicKeyInfo (DER)");
    }
    if (info == null) {
      throw new KeyEncodingException("not an X.509 SubjectPublicKeyInfo (DER)");
    }
    checkAlgorithm(spec, info.getAlgorithm(), "public");
    return info;
  }

  /** The key bytes of a SubjectPublicKeyInfo (a BIT STRING that must have no unused bits). */
  static byte[] publicKeyBytes(SubjectPublicKeyInfo info) throws KeyEncodingException {
    try {
      return info.getPublicKeyData().getOctets();
    } catch (RuntimeException e) {
      throw new KeyEncodingException("the public key is not a whole number of bytes");
    }
  }

  private static void checkAlgorithm(
      AsymmetricSpec spec, AlgorithmIdentifier algorithm, String kind) throws KeyEncodingException {
    ASN1ObjectIdentifier expected = algorithmOid(spec);
    if (!expected.equals(algorithm.getAlgorithm())) {
      throw new KeyEncodingException("the " + kind + " key is not a key of spec " + spec);
    }
    ASN1ObjectIdentifier curve = curveOid(spec);
    if (curve != null) {
      ASN1Encodable parameters = algorithm.getParameters();
      if (!(parameters instanceof ASN1ObjectIdentifier)) {
        throw new KeyEncodingException("the " + kind + " EC key does not name its curve");
      }
      if (!curve.equals(parameters)) {
        throw new KeyEncodingException(
            "the " + kind + " EC key is on another curve than spec " + spec + " requires");
      }
    }
  }

  static ASN1ObjectIdentifier algorithmOid(AsymmetricSpec spec) {
    return switch (spec.family()) {
      case RSA -> PKCSObjectIdentifiers.rsaEncryption;
      case EC_NIST, EC_SECP256K1 -> X9ObjectIdentifiers.id_ecPublicKey;
      case ED25519 -> ID_ED25519;
      case ML_DSA ->
          switch (spec) {
            case ML_DSA_44 -> NISTObjectIdentifiers.id_ml_dsa_44;
            case ML_DSA_65 -> NISTObjectIdentifiers.id_ml_dsa_65;
            default -> NISTObjectIdentifiers.id_ml_dsa_87;
          };
    };
  }

  /** The named curve of an EC spec; null for the others. */
  static ASN1ObjectIdentifier curveOid(AsymmetricSpec spec) {
    return switch (spec) {
      case ECC_NIST_P256 -> SECObjectIdentifiers.secp256r1;
      case ECC_NIST_P384 -> SECObjectIdentifiers.secp384r1;
      case ECC_NIST_P521 -> SECObjectIdentifiers.secp521r1;
      case ECC_SECG_P256K1 -> SECObjectIdentifiers.secp256k1;
      default -> null;
    };
  }
}

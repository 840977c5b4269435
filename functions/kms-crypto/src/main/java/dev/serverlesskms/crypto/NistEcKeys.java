package dev.serverlesskms.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA and ECDH on the NIST curves P-256, P-384 and P-521: signing and ECDH on the JDK's SunEC,
 * verification on Bouncy Castle ({@link EcdsaVerification} says why). Keys are rebuilt from their
 * scalar and point ({@link EcPoints} derives and checks them), so what is stored is the JDK's
 * canonical PKCS#8 whatever encoding was imported.
 */
final class NistEcKeys {
  private NistEcKeys() {}

  private static String curveName(AsymmetricSpec spec) {
    return switch (spec) {
      case ECC_NIST_P256 -> "secp256r1";
      case ECC_NIST_P384 -> "secp384r1";
      case ECC_NIST_P521 -> "secp521r1";
      default -> throw new IllegalArgumentException(spec + " is not a NIST curve spec");
    };
  }

  private static ECParameterSpec parameters(AsymmetricSpec spec) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(curveName(spec)));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + curveName(spec), e);
    }
  }

  static Private generate(AsymmetricSpec spec, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curveName(spec)), random);
      KeyPair pair = generator.generateKeyPair();
      return new Private(
          spec, (ECPrivateKey) pair.getPrivate(), new Public(spec, (ECPublicKey) pair.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + curveName(spec), e);
    }
  }

  static Private fromPkcs8(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    PrivateKeyInfo info = KeyInfo.privateKeyInfo(spec, der);
    X9ECParameters curve = EcPoints.curve(spec);
    BigInteger d = EcPoints.privateScalar(info);
    EcPoints.checkPrivateScalar(curve, d);
    ECPoint q = EcPoints.publicPoint(curve, d);
    EcPoints.checkEmbeddedPublicKey(curve, info, q);
    ECParameterSpec parameters = parameters(spec);
    try {
      ECPrivateKey key =
          (ECPrivateKey) factory().generatePrivate(new ECPrivateKeySpec(d, parameters));
      return new Private(spec, key, new Public(spec, jdkPublicKey(q, parameters)));
    } catch (GeneralSecurityException e) {
      throw new KeyEncodingException("not a valid EC private key");
    }
  }

  static Public publicFromSpki(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    byte[] point = KeyInfo.publicKeyBytes(KeyInfo.publicKeyInfo(spec, der));
    ECPoint q = EcPoints.decodePublicPoint(EcPoints.curve(spec), point);
    try {
      return new Public(spec, jdkPublicKey(q, parameters(spec)));
    } catch (GeneralSecurityException e) {
      throw new KeyEncodingException("not a valid EC public key");
    }
  }

  private static ECPublicKey jdkPublicKey(ECPoint q, ECParameterSpec parameters)
      throws GeneralSecurityException {
    java.security.spec.ECPoint w =
        new java.security.spec.ECPoint(
            q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return (ECPublicKey) factory().generatePublic(new ECPublicKeySpec(w, parameters));
  }

  private static KeyFactory factory() throws GeneralSecurityException {
    return KeyFactory.getInstance("EC");
  }

  /** SHA256withECDSA etc. for a message, NONEwithECDSA for a digest given. */
  private static Signature signature(SignatureAlgorithm algorithm, MessageKind kind)
      throws GeneralSecurityException {
    return Signature.getInstance(
        kind == MessageKind.DIGEST
            ? "NONEwithECDSA"
            : algorithm.digest().jcaName().replace("-", "") + "withECDSA");
  }

  static final class Private extends AsymmetricPrivateKey {
    private final ECPrivateKey key;
    private final Public publicKey;

    private Private(AsymmetricSpec spec, ECPrivateKey key, Public publicKey) {
      super(spec);
      this.key = key;
      this.publicKey = publicKey;
    }

    @Override
    public byte[] pkcs8() {
      return key.getEncoded();
    }

    @Override
    public AsymmetricPublicKey publicKey() {
      return publicKey;
    }

    @Override
    byte[] signChecked(
        SignatureAlgorithm algorithm, MessageKind kind, byte[] message, SecureRandom random) {
      try {
        Signature signer = signature(algorithm, kind);
        signer.initSign(key, random);
        signer.update(message);
        return signer.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(algorithm + " signing failed", e);
      }
    }

    @Override
    public byte[] deriveSharedSecret(byte[] peerPublicKey) throws KeyEncodingException {
      Public peer = publicFromSpki(spec(), peerPublicKey);
      try {
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(key);
        ecdh.doPhase(peer.key, true);
        return ecdh.generateSecret();
      } catch (java.security.InvalidKeyException e) {
        throw new KeyEncodingException("the peer public key is not valid for ECDH");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("ECDH is part of every JDK", e);
      }
    }
  }

  static final class Public extends AsymmetricPublicKey {
    private final ECPublicKey key;
    private final ECPublicKeyParameters verificationKey;

    private Public(AsymmetricSpec spec, ECPublicKey key) {
      super(spec);
      this.key = key;
      X9ECParameters curve = EcPoints.curve(spec);
      this.verificationKey =
          new ECPublicKeyParameters(
              curve.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY()),
              new ECNamedDomainParameters(KeyInfo.curveOid(spec), curve));
    }

    @Override
    public byte[] encoded() {
      return key.getEncoded();
    }

    @Override
    boolean verifyChecked(
        SignatureAlgorithm algorithm, MessageKind kind, byte[] message, byte[] signature) {
      return EcdsaVerification.verify(
          verificationKey, SigningInput.digestOf(algorithm, kind, message), signature);
    }
  }
}

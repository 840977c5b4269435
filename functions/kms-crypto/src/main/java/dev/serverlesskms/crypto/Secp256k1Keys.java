package dev.serverlesskms.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA on secp256k1, which the JDK dropped in JDK 16: Bouncy Castle's lightweight API, with
 * deterministic nonces (RFC 6979), DER signatures as AWS KMS returns them.
 */
final class Secp256k1Keys {
  private static final AsymmetricSpec SPEC = AsymmetricSpec.ECC_SECG_P256K1;
  private static final X9ECParameters CURVE = EcPoints.curve(SPEC);
  private static final ECNamedDomainParameters DOMAIN =
      new ECNamedDomainParameters(SECObjectIdentifiers.secp256k1, CURVE);

  private Secp256k1Keys() {}

  static Private generate(SecureRandom random) {
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(DOMAIN, random));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new Private(
        (ECPrivateKeyParameters) pair.getPrivate(),
        new Public((ECPublicKeyParameters) pair.getPublic()));
  }

  static Private fromPkcs8(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    PrivateKeyInfo info = KeyInfo.privateKeyInfo(spec, der);
    BigInteger d = EcPoints.privateScalar(info);
    EcPoints.checkPrivateScalar(CURVE, d);
    ECPoint q = EcPoints.publicPoint(CURVE, d);
    EcPoints.checkEmbeddedPublicKey(CURVE, info, q);
    return new Private(
        new ECPrivateKeyParameters(d, DOMAIN), new Public(new ECPublicKeyParameters(q, DOMAIN)));
  }

  static Public publicFromSpki(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    byte[] point = KeyInfo.publicKeyBytes(KeyInfo.publicKeyInfo(spec, der));
    return new Public(new ECPublicKeyParameters(EcPoints.decodePublicPoint(CURVE, point), DOMAIN));
  }

  static final class Private extends AsymmetricPrivateKey {
    private final ECPrivateKeyParameters key;
    private final Public publicKey;

    private Private(ECPrivateKeyParameters key, Public publicKey) {
      super(SPEC);
      this.key = key;
      this.publicKey = publicKey;
    }

    @Override
    public byte[] pkcs8() {
      try {
        return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded("DER");
      } catch (IOException e) {
        throw new IllegalStateException("PKCS#8 encoding failed", e);
      }
    }

    @Override
    public AsymmetricPublicKey publicKey() {
      return publicKey;
    }

    @Override
    byte[] signChecked(
        SignatureAlgorithm algorithm, MessageKind kind, byte[] message, SecureRandom random) {
      byte[] digest = SigningInput.digestOf(algorithm, kind, message);
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, key);
      BigInteger[] rs = signer.generateSignature(digest);
      try {
        return StandardDSAEncoding.INSTANCE.encode(CURVE.getN(), rs[0], rs[1]);
      } catch (IOException e) {
        throw new IllegalStateException("DER encoding failed", e);
      }
    }
  }

  static final class Public extends AsymmetricPublicKey {
    private final ECPublicKeyParameters key;

    private Public(ECPublicKeyParameters key) {
      super(SPEC);
      this.key = key;
    }

    @Override
    public byte[] encoded() {
      try {
        return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded("DER");
      } catch (IOException e) {
        throw new IllegalStateException("X.509 encoding failed", e);
      }
    }

    @Override
    boolean verifyChecked(
        SignatureAlgorithm algorithm, MessageKind kind, byte[] message, byte[] signature) {
      return EcdsaVerification.verify(
          key, SigningInput.digestOf(algorithm, kind, message), signature);
    }
  }
}

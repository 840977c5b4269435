package dev.serverlesskms.crypto;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * ML-DSA (FIPS 204) on Bouncy Castle's lightweight API, which Java 17 lacks: pure ML-DSA with an
 * empty context of a RAW message, hedged (fresh randomness per signature), and of an external mu
 * (EXTERNAL_MU, FIPS 204 section 6.2: {@code MLDSASigner.generateMuSignature}, Bouncy Castle 1.81
 * and later). Private keys are kept and encoded in their seed form (32 bytes in PKCS#8), from which
 * FIPS 204's key generation recomputes the rest.
 */
final class MlDsaKeys {
  private MlDsaKeys() {}

  static MLDSAParameters parameters(AsymmetricSpec spec) {
    return switch (spec) {
      case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
      case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
      case ML_DSA_87 -> MLDSAParameters.ml_dsa_87;
      default -> throw new IllegalArgumentException(spec + " is not an ML-DSA spec");
    };
  }

  static Private generate(AsymmetricSpec spec, SecureRandom random) {
    MLDSAKeyPairGenerator generator = new MLDSAKeyPairGenerator();
    generator.init(new MLDSAKeyGenerationParameters(random, parameters(spec)));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new Private(spec, (MLDSAPrivateKeyParameters) pair.getPrivate());
  }

  /** FIPS 204 ML-DSA.KeyGen_internal from a 32-byte seed (known-answer tests). */
  static Private fromSeed(AsymmetricSpec spec, byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("an ML-DSA seed is 32 bytes");
    }
    return new Private(spec, new MLDSAPrivateKeyParameters(parameters(spec), seed));
  }

  static Private fromPkcs8(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    PrivateKeyInfo info = KeyInfo.privateKeyInfo(spec, der);
    AsymmetricKeyParameter key;
    try {
      key = PrivateKeyFactory.createKey(info);
    } catch (IOException | RuntimeException e) {
      throw new KeyEncodingException("not a valid ML-DSA private key");
    }
    if (!(key instanceof MLDSAPrivateKeyParameters mldsa)
        || !mldsa.getParameters().equals(parameters(spec))) {
      throw new KeyEncodingException("the private key is not a key of spec " + spec);
    }
    return new Private(spec, mldsa);
  }

  static Public publicFromSpki(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    AsymmetricKeyParameter key;
    try {
      key = PublicKeyFactory.createKey(KeyInfo.publicKeyInfo(spec, der));
    } catch (IOException | RuntimeException e) {
      throw new KeyEncodingException("not a valid ML-DSA public key");
    }
    if (!(key instanceof MLDSAPublicKeyParameters mldsa)
        || !mldsa.getParameters().equals(parameters(spec))) {
      throw new KeyEncodingException("the public key is not a key of spec " + spec);
    }
    return new Public(spec, mldsa);
  }

  static final class Private extends AsymmetricPrivateKey {
    private final MLDSAPrivateKeyParameters key;
    private final Public publicKey;

    private Private(AsymmetricSpec spec, MLDSAPrivateKeyParameters key) {
      super(spec);
      this.key =
          key.getSeed() != null
              ? key.withPreferredFormat(MLDSAPrivateKeyParameters.SEED_ONLY)
              : key;
      this.publicKey = new Public(spec, key.getPublicKeyParameters());
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
      MLDSASigner signer = new MLDSASigner();
      signer.init(true, new ParametersWithRandom(key, random));
      try {
        if (kind == MessageKind.EXTERNAL_MU) {
          return signer.generateMuSignature(message);
        }
        signer.update(message, 0, message.length);
        return signer.generateSignature();
      } catch (CryptoException e) {
        throw new IllegalStateException("ML-DSA signing failed", e);
      }
    }
  }

  static final class Public extends AsymmetricPublicKey {
    private final MLDSAPublicKeyParameters key;

    private Public(AsymmetricSpec spec, MLDSAPublicKeyParameters key) {
      super(spec);
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
      MLDSASigner verifier = new MLDSASigner();
      verifier.init(false, key);
      try {
        if (kind == MessageKind.EXTERNAL_MU) {
          return verifier.verifyMuSignature(message, signature);
        }
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
      } catch (RuntimeException e) {
        return false; // a malformed signature is simply not valid
      }
    }
  }
}

package dev.serverlesskms.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * RSA on the JDK (SunRsaSign, SunJCE): key generation, PKCS#1 v1.5 and PSS signatures of a message,
 * PKCS#1 v1.5 of a digest (NONEwithRSA over its DigestInfo), OAEP. PSS over a digest given is
 * Bouncy Castle's raw PSS signer, as the JDK's RSASSA-PSS always hashes its input itself. PSS as
 * AWS KMS makes it: MGF1 with the message digest, salt as long as the digest, trailer 0xBC.
 */
final class RsaKeys {
  private static final BigInteger F4 = RSAKeyGenParameterSpec.F4;

  private RsaKeys() {}

  static Private generate(AsymmetricSpec spec, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(spec.size(), F4), random);
      KeyPair pair = generator.generateKeyPair();
      return new Private(
          spec, (RSAPrivateCrtKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is part of every JDK", e);
    }
  }

  static Private fromPkcs8(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    KeyInfo.privateKeyInfo(spec, der);
    RSAPrivateCrtKey key;
    try {
      if (!(factory().generatePrivate(new PKCS8EncodedKeySpec(der))
          instanceof RSAPrivateCrtKey crt)) {
        throw new KeyEncodingException("the RSA private key lacks its CRT parts");
      }
      key = crt;
    } catch (InvalidKeySpecException | ClassCastException e) {
      throw new KeyEncodingException("not a valid RSA private key");
    }
    if (key.getModulus().bitLength() != spec.size()) {
      throw new KeyEncodingException("the RSA key is not of " + spec.size() + " bits");
    }
    BigInteger e = key.getPublicExponent();
    if (e.signum() <= 0 || !e.testBit(0) || e.equals(BigInteger.ONE)) {
      throw new KeyEncodingException("the RSA public exponent is not valid");
    }
    try {
      RSAPublicKey pub =
          (RSAPublicKey) factory().generatePublic(new RSAPublicKeySpec(key.getModulus(), e));
      return new Private(spec, key, pub);
    } catch (InvalidKeySpecException ex) {
      throw new KeyEncodingException("not a valid RSA private key");
    }
  }

  static Public publicFromSpki(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    KeyInfo.publicKeyInfo(spec, der);
    RSAPublicKey key;
    try {
      key = (RSAPublicKey) factory().generatePublic(new X509EncodedKeySpec(der));
    } catch (InvalidKeySpecException | ClassCastException e) {
      throw new KeyEncodingException("not a valid RSA public key");
    }
    if (key.getModulus().bitLength() != spec.size()) {
      throw new KeyEncodingException("the RSA key is not of " + spec.size() + " bits");
    }
    return new Public(spec, key);
  }

  private static KeyFactory factory() {
    try {
      return KeyFactory.getInstance("RSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is part of every JDK", e);
    }
  }

  private static boolean isPss(SignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512 -> true;
      default -> false;
    };
  }

  private static PSSParameterSpec pssParameters(Digest digest) {
    return new PSSParameterSpec(
        digest.jcaName(),
        "MGF1",
        new MGF1ParameterSpec(digest.jcaName()),
        digest.length(),
        PSSParameterSpec.TRAILER_FIELD_BC);
  }

  /** The JDK's PSS engine, which hashes the message itself (RAW). */
  private static Signature messageSignature(SignatureAlgorithm algorithm)
      throws GeneralSecurityException {
    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(pssParameters(algorithm.digest()));
    return pss;
  }

  /** Bouncy Castle's PSS signer over a digest given (its content digest is bypassed). */
  private static PSSSigner rawPssSigner(Digest digest, boolean blinded) {
    org.bouncycastle.crypto.Digest content = bcDigest(digest);
    return PSSSigner.createRawSigner(
        blinded ? new RSABlindedEngine() : new RSAEngine(),
        content,
        bcDigest(digest),
        digest.length(),
        PSSSigner.TRAILER_IMPLICIT);
  }

  private static org.bouncycastle.crypto.Digest bcDigest(Digest digest) {
    return switch (digest) {
      case SHA_256 -> new SHA256Digest();
      case SHA_384 -> new SHA384Digest();
      case SHA_512 -> new SHA512Digest();
      default -> throw new IllegalArgumentException(digest + " is not a PSS digest here");
    };
  }

  private static final HexFormat HEX = HexFormat.of();

  /** The DER DigestInfo header of PKCS#1 v1.5 (RFC 8017, section 9.2, note 1). */
  private static byte[] digestInfo(Digest digest, byte[] hash) {
    byte[] prefix =
        switch (digest) {
          case SHA_256 -> HEX.parseHex("3031300d060960864801650304020105000420");
          case SHA_384 -> HEX.parseHex("3041300d060960864801650304020205000430");
          case SHA_512 -> HEX.parseHex("3051300d060960864801650304020305000440");
          default -> throw new IllegalArgumentException(digest + " is not a PKCS#1 digest here");
        };
    byte[] out = new byte[prefix.length + hash.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(hash, 0, out, prefix.length, hash.length);
    return out;
  }

  private static OAEPParameterSpec oaep(OaepAlgorithm algorithm) {
    String digest = algorithm.digest().jcaName();
    return new OAEPParameterSpec(
        digest, "MGF1", new MGF1ParameterSpec(digest), PSource.PSpecified.DEFAULT);
  }

  static final class Private extends AsymmetricPrivateKey {
    private final RSAPrivateCrtKey key;
    private final Public publicKey;

    private Private(AsymmetricSpec spec, RSAPrivateCrtKey key, RSAPublicKey publicKey) {
      super(spec);
      this.key = key;
      this.publicKey = new Public(spec, publicKey);
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
        if (kind == MessageKind.RAW && isPss(algorithm)) {
          Signature signature = messageSignature(algorithm);
          signature.initSign(key, random);
          signature.update(message);
          return signature.sign();
        }
        if (isPss(algorithm)) {
          PSSSigner pss = rawPssSigner(algorithm.digest(), true);
          pss.init(true, new ParametersWithRandom(bcPrivate(), random));
          pss.update(message, 0, message.length);
          return pss.generateSignature();
        }
        Signature pkcs1 = Signature.getInstance("NONEwithRSA");
        pkcs1.initSign(key, random);
        pkcs1.update(
            digestInfo(algorithm.digest(), SigningInput.digestOf(algorithm, kind, message)));
        return pkcs1.sign();
      } catch (GeneralSecurityException | CryptoException e) {
        throw new IllegalStateException(algorithm + " signing failed", e);
      }
    }

    private RSAPrivateCrtKeyParameters bcPrivate() {
      return new RSAPrivateCrtKeyParameters(
          key.getModulus(),
          key.getPublicExponent(),
          key.getPrivateExponent(),
          key.getPrimeP(),
          key.getPrimeQ(),
          key.getPrimeExponentP(),
          key.getPrimeExponentQ(),
          key.getCrtCoefficient());
    }

    @Override
    public byte[] decrypt(OaepAlgorithm algorithm, byte[] ciphertext)
        throws DecryptionFailedException {
      try {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.DECRYPT_MODE, key, oaep(algorithm));
        return rsa.doFinal(ciphertext);
      } catch (BadPaddingException | IllegalBlockSizeException e) {
        throw new DecryptionFailedException();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA-OAEP is part of every JDK", e);
      }
    }
  }

  static final class Public extends AsymmetricPublicKey {
    private final RSAPublicKey key;

    private Public(AsymmetricSpec spec, RSAPublicKey key) {
      super(spec);
      this.key = key;
    }

    @Override
    public byte[] encoded() {
      return key.getEncoded();
    }

    @Override
    boolean verifyChecked(
        SignatureAlgorithm algorithm, MessageKind kind, byte[] message, byte[] signature) {
      try {
        if (kind == MessageKind.RAW && isPss(algorithm)) {
          Signature verifier = messageSignature(algorithm);
          verifier.initVerify(key);
          verifier.update(message);
          return verifier.verify(signature);
        }
        if (isPss(algorithm)) {
          PSSSigner pss = rawPssSigner(algorithm.digest(), false);
          pss.init(false, new RSAKeyParameters(false, key.getModulus(), key.getPublicExponent()));
          pss.update(message, 0, message.length);
          return pss.verifySignature(signature);
        }
        Signature pkcs1 = Signature.getInstance("NONEwithRSA");
        pkcs1.initVerify(key);
        pkcs1.update(
            digestInfo(algorithm.digest(), SigningInput.digestOf(algorithm, kind, message)));
        return pkcs1.verify(signature);
      } catch (SignatureException | DataLengthException | IllegalArgumentException e) {
        // a malformed signature (wrong length, out of range) is simply not valid
        return false;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(algorithm + " verification failed", e);
      }
    }

    @Override
    public byte[] encrypt(OaepAlgorithm algorithm, byte[] plaintext, SecureRandom random) {
      if (plaintext.length > algorithm.maxPlaintextBytes(spec().size())) {
        throw new IllegalArgumentException(
            "plaintext longer than "
                + algorithm.maxPlaintextBytes(spec().size())
                + " bytes for "
                + algorithm
                + " with "
                + spec());
      }
      try {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, key, oaep(algorithm), random);
        return rsa.doFinal(plaintext);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA-OAEP is part of every JDK", e);
      }
    }
  }
}

package dev.serverlesskms.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032). Pure Ed25519 (AWS's ED25519_SHA_512) is the JDK's SunEC. Ed25519ph
 * (ED25519_PH_SHA_512) is Bouncy Castle's, because AWS hands over the SHA-512 of the message
 * (DIGEST) and the JDK's Ed25519ph always hashes the message itself; Bouncy Castle also derives the
 * public key of an imported private key, which the JDK cannot. Ed25519ph with an empty context, as
 * AWS KMS uses it.
 */
final class Ed25519Keys {
  private static final AsymmetricSpec SPEC = AsymmetricSpec.ECC_NIST_EDWARDS25519;
  private static final byte[] EMPTY_CONTEXT = new byte[0];
  // SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): this header, then the 32-byte key.
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final int KEY_BYTES = 32;
  private static final int SIGNATURE_BYTES = 64;

  private Ed25519Keys() {}

  static Private generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, random);
      KeyPair pair = generator.generateKeyPair();
      return Private.of((EdECPrivateKey) pair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
  }

  static Private fromPkcs8(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    KeyInfo.privateKeyInfo(spec, der);
    try {
      return Private.of((EdECPrivateKey) factory().generatePrivate(new PKCS8EncodedKeySpec(der)));
    } catch (InvalidKeySpecException | ClassCastException | IllegalStateException e) {
      throw new KeyEncodingException("not a valid Ed25519 private key");
    }
  }

  static Public publicFromSpki(AsymmetricSpec spec, byte[] der) throws KeyEncodingException {
    byte[] raw = KeyInfo.publicKeyBytes(KeyInfo.publicKeyInfo(spec, der));
    if (raw.length != KEY_BYTES) {
      throw new KeyEncodingException("an Ed25519 public key is 32 bytes");
    }
    try {
      return new Public(raw);
    } catch (InvalidKeySpecException | IllegalArgumentException e) {
      throw new KeyEncodingException("not a valid Ed25519 public key");
    }
  }

  private static KeyFactory factory() {
    try {
      return KeyFactory.getInstance("Ed25519");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
  }

  static final class Private extends AsymmetricPrivateKey {
    private final PrivateKey key;
    private final Ed25519PrivateKeyParameters prehashKey;
    private final Public publicKey;

    private Private(PrivateKey key, Ed25519PrivateKeyParameters prehashKey, Public publicKey) {
      super(SPEC);
      this.key = key;
      this.prehashKey = prehashKey;
      this.publicKey = publicKey;
    }

    static Private of(EdECPrivateKey key) {
      byte[] seed =
          key.getBytes().orElseThrow(() -> new IllegalStateException("no Ed25519 private bytes"));
      try {
        Ed25519PrivateKeyParameters prehashKey = new Ed25519PrivateKeyParameters(seed);
        Public publicKey = new Public(prehashKey.generatePublicKey().getEncoded());
        return new Private(key, prehashKey, publicKey);
      } catch (InvalidKeySpecException e) {
        throw new IllegalStateException("Ed25519 public key derivation failed", e);
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
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
      if (algorithm == SignatureAlgorithm.ED25519_PH_SHA_512) {
        byte[] prehash = SigningInput.digestOf(algorithm, kind, message);
        byte[] signature = new byte[SIGNATURE_BYTES];
        prehashKey.sign(
            Ed25519.Algorithm.Ed25519ph, EMPTY_CONTEXT, prehash, 0, prehash.length, signature, 0);
        return signature;
      }
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key);
        ed25519.update(message);
        return ed25519.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Ed25519 signing failed", e);
      }
    }
  }

  static final class Public extends AsymmetricPublicKey {
    private final byte[] raw;
    private final PublicKey key;
    private final Ed25519PublicKeyParameters prehashKey;

    private Public(byte[] raw) throws InvalidKeySpecException {
      super(SPEC);
      this.raw = raw.clone();
      this.key = factory().generatePublic(new X509EncodedKeySpec(spki(raw)));
      this.prehashKey = new Ed25519PublicKeyParameters(raw);
    }

    private static byte[] spki(byte[] raw) {
      byte[] out = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_BYTES);
      System.arraycopy(raw, 0, out, SPKI_PREFIX.length, KEY_BYTES);
      return out;
    }

    @Override
    public byte[] encoded() {
      return spki(raw);
    }

    @Override
    boolean verifyChecked(
        SignatureAlgorithm algorithm, MessageKind kind, byte[] message, byte[] signature) {
      if (signature.length != SIGNATURE_BYTES) {
        return false;
      }
      if (algorithm == SignatureAlgorithm.ED25519_PH_SHA_512) {
        byte[] prehash = SigningInput.digestOf(algorithm, kind, message);
        return prehashKey.verify(
            Ed25519.Algorithm.Ed25519ph, EMPTY_CONTEXT, prehash, 0, prehash.length, signature, 0);
      }
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(message);
        return ed25519.verify(signature);
      } catch (SignatureException e) {
        return false;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Ed25519 verification failed", e);
      }
    }
  }
}

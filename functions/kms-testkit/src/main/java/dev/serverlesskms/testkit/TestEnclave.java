package dev.serverlesskms.testkit;

import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.ImportTokenException;
import dev.serverlesskms.core.port.ImportedMaterialException;
import dev.serverlesskms.core.port.InvalidPeerPublicKeyException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import dev.serverlesskms.crypto.AsymmetricPrivateKey;
import dev.serverlesskms.crypto.AsymmetricSpec;
import dev.serverlesskms.crypto.DecryptionFailedException;
import dev.serverlesskms.crypto.HmacAlgorithm;
import dev.serverlesskms.crypto.KeyEncodingException;
import dev.serverlesskms.crypto.MessageKind;
import dev.serverlesskms.crypto.OaepAlgorithm;
import dev.serverlesskms.crypto.SignatureAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * An {@link dev.serverlesskms.core.port.Enclave} without kms-enclave, for fast tests of the KMS's
 * rules in modules that cannot use kms-enclave (kms-core itself). Its cryptography is real:
 * AES-256-GCM under a random in-memory root key, key versions bound to their (key id, version) as
 * associated data, so a version moved to another key fails to unwrap as it does in the real
 * enclave; the import path really unwraps RSA-OAEP and RSA + AES-KWP material. Asymmetric and HMAC
 * keys are kms-crypto's, the same algorithms as the real enclave's: private keys (PKCS#8) and HMAC
 * keys are wrapped under the root key bound to (key id, version, spec).
 *
 * <p>What it leaves out is what the real enclave adds for production: the sealed root key file or
 * HSM, the HKDF per-message keys, the known-answer self-tests, the bounded zeroizing cache, and
 * self-contained import tokens (its tokens name a private key it keeps in memory). Never use it
 * outside tests.
 */
public final class TestEnclave implements dev.serverlesskms.core.port.Enclave {
  private static final int KEY_BYTES = 32;
  // The Enclave port promises a 16-byte nonce; GCM takes any IV length.
  private static final int IV_BYTES = 16;
  private static final int TAG_BITS = 128;
  private static final int MAX_RANDOM_BYTES = 1024;

  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec rootKey;
  private final Map<String, PendingImport> imports = new ConcurrentHashMap<>();
  private final Map<ParsedKey, AsymmetricPrivateKey> privateKeys = new ConcurrentHashMap<>();

  /** A parsed private key is valid for the exact wrapped bytes it came from. */
  private record ParsedKey(KeyVersionRef ref, KeySpec spec, String wrappedHex) {}

  private record PendingImport(
      KeyId keyId, WrappingAlgorithm algorithm, PrivateKey privateKey, Instant validTo) {}

  public TestEnclave() {
    byte[] root = new byte[KEY_BYTES];
    random.nextBytes(root);
    rootKey = new SecretKeySpec(root, "AES");
  }

  @Override
  public NewKeyVersion generateKeyVersion(KeyVersionRef ref) {
    byte[] material = new byte[KEY_BYTES];
    random.nextBytes(material);
    return newKeyVersion(ref, material);
  }

  @Override
  public byte[] seal(KeyVersionRef ref, WrappedKey key, byte[] plaintext, byte[] aad) {
    return gcmEncrypt(new SecretKeySpec(unwrap(ref, key), "AES"), plaintext, aad);
  }

  @Override
  public byte[] open(KeyVersionRef ref, WrappedKey key, byte[] sealed, byte[] aad) {
    try {
      return gcmDecrypt(new SecretKeySpec(unwrap(ref, key), "AES"), sealed, aad);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new EnclaveAuthenticationException();
    }
  }

  @Override
  public DataKey generateDataKey(KeyVersionRef ref, WrappedKey key, int lengthBytes, byte[] aad) {
    byte[] plaintext = generateRandom(lengthBytes);
    return new DataKey(plaintext, seal(ref, key, plaintext, aad));
  }

  @Override
  public NewKeyVersion generateKeyVersion(KeyVersionRef ref, KeySpec spec) {
    Objects.requireNonNull(ref, "ref");
    if (spec == KeySpec.SYMMETRIC_DEFAULT) {
      return generateKeyVersion(ref);
    }
    if (spec.isHmac()) {
      return newKeyVersion(ref, spec, hmacOf(spec).generateKey(random));
    }
    return newKeyVersion(
        ref, spec, AsymmetricPrivateKey.generate(asymmetricOf(spec), random).pkcs8());
  }

  @Override
  public byte[] publicKey(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    return privateKey(ref, spec, key).publicKey().encoded();
  }

  @Override
  public byte[] sign(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      SigningAlgorithm algorithm,
      MessageType messageType,
      byte[] message) {
    return privateKey(ref, spec, key)
        .sign(
            SignatureAlgorithm.valueOf(algorithm.name()),
            MessageKind.valueOf(messageType.name()),
            message,
            random);
  }

  @Override
  public boolean verify(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      SigningAlgorithm algorithm,
      MessageType messageType,
      byte[] message,
      byte[] signature) {
    return privateKey(ref, spec, key)
        .publicKey()
        .verify(
            SignatureAlgorithm.valueOf(algorithm.name()),
            MessageKind.valueOf(messageType.name()),
            message,
            signature);
  }

  @Override
  public byte[] encryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] plaintext) {
    return privateKey(ref, spec, key).publicKey().encrypt(oaepOf(algorithm), plaintext, random);
  }

  @Override
  public byte[] decryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] ciphertext) {
    try {
      return privateKey(ref, spec, key).decrypt(oaepOf(algorithm), ciphertext);
    } catch (DecryptionFailedException e) {
      throw new EnclaveAuthenticationException();
    }
  }

  @Override
  public byte[] generateMac(
      KeyVersionRef ref, KeySpec spec, WrappedKey key, MacAlgorithm algorithm, byte[] message) {
    HmacAlgorithm hmac = hmacOf(spec, algorithm);
    byte[] material = unwrap(ref, spec, key);
    try {
      return hmac.mac(material, message);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  @Override
  public boolean verifyMac(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      MacAlgorithm algorithm,
      byte[] message,
      byte[] mac) {
    HmacAlgorithm hmac = hmacOf(spec, algorithm);
    byte[] material = unwrap(ref, spec, key);
    try {
      return hmac.verify(material, message, mac);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  @Override
  public byte[] deriveSharedSecret(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      KeyAgreementAlgorithm algorithm,
      byte[] peerPublicKey) {
    Objects.requireNonNull(algorithm, "algorithm");
    try {
      return privateKey(ref, spec, key).deriveSharedSecret(peerPublicKey);
    } catch (KeyEncodingException e) {
      throw new InvalidPeerPublicKeyException(e.getMessage());
    }
  }

  @Override
  public DataKeyPair generateDataKeyPair(
      KeyVersionRef ref, WrappedKey key, DataKeyPairSpec pairSpec, byte[] aad) {
    AsymmetricPrivateKey pair =
        AsymmetricPrivateKey.generate(asymmetricOf(pairSpec.keySpec()), random);
    byte[] privateKey = pair.pkcs8();
    return new DataKeyPair(privateKey, pair.publicKey().encoded(), seal(ref, key, privateKey, aad));
  }

  @Override
  public NewKeyVersion importKeyMaterial(
      KeyVersionRef ref,
      KeySpec spec,
      byte[] importToken,
      byte[] encryptedKeyMaterial,
      Instant now) {
    if (spec == KeySpec.SYMMETRIC_DEFAULT) {
      return importKeyMaterial(ref, importToken, encryptedKeyMaterial, now);
    }
    byte[] material = unwrapImported(pendingImport(ref, importToken, now), encryptedKeyMaterial);
    try {
      if (spec.isHmac()) {
        if (!hmacOf(spec).acceptsImportedKeyLength(material.length)) {
          throw new ImportedMaterialException(
              ImportedMaterialException.Reason.WRONG_SPEC,
              "key material is not of a length " + spec + " accepts");
        }
        return newKeyVersion(ref, spec, material.clone());
      }
      try {
        return newKeyVersion(
            ref, spec, AsymmetricPrivateKey.fromPkcs8(asymmetricOf(spec), material).pkcs8());
      } catch (KeyEncodingException e) {
        throw new ImportedMaterialException(
            ImportedMaterialException.Reason.WRONG_SPEC, "key material is not of spec " + spec);
      }
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  @Override
  public NewKeyVersion wrapKeyMaterial(KeyVersionRef ref, KeySpec spec, byte[] material) {
    byte[] copy = material.clone();
    if (spec == KeySpec.SYMMETRIC_DEFAULT) {
      if (copy.length != KEY_BYTES) {
        throw new ImportedMaterialException(
            ImportedMaterialException.Reason.WRONG_LENGTH, "material is not 32 bytes");
      }
      return newKeyVersion(ref, copy);
    }
    try {
      if (spec.isHmac()) {
        if (!hmacOf(spec).acceptsImportedKeyLength(copy.length)) {
          throw new ImportedMaterialException(
              ImportedMaterialException.Reason.WRONG_SPEC,
              "key material is not of a length " + spec + " accepts");
        }
        return newKeyVersion(ref, spec, copy.clone());
      }
      try {
        return newKeyVersion(
            ref, spec, AsymmetricPrivateKey.fromPkcs8(asymmetricOf(spec), copy).pkcs8());
      } catch (KeyEncodingException e) {
        throw new ImportedMaterialException(
            ImportedMaterialException.Reason.WRONG_SPEC, "key material is not of spec " + spec);
      }
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  /** The private key of an asymmetric version; parsed once per wrapped blob, then cached. */
  private AsymmetricPrivateKey privateKey(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    AsymmetricSpec asymmetric = asymmetricOf(spec);
    return privateKeys.computeIfAbsent(
        new ParsedKey(ref, spec, HexFormat.of().formatHex(key.bytes())),
        parsed -> {
          byte[] pkcs8 = unwrap(ref, spec, key);
          try {
            return AsymmetricPrivateKey.fromStoredPkcs8(asymmetric, pkcs8);
          } catch (KeyEncodingException e) {
            throw new KeyMaterialUnavailableException("key version does not parse for " + ref);
          } finally {
            Arrays.fill(pkcs8, (byte) 0);
          }
        });
  }

  private static AsymmetricSpec asymmetricOf(KeySpec spec) {
    if (!spec.isAsymmetric() || !spec.offered()) {
      throw new IllegalArgumentException(spec + " is not an asymmetric spec this enclave offers");
    }
    return AsymmetricSpec.valueOf(spec.name());
  }

  private static HmacAlgorithm hmacOf(KeySpec spec) {
    if (!spec.isHmac()) {
      throw new IllegalArgumentException(spec + " is not an HMAC spec");
    }
    return HmacAlgorithm.valueOf("HMAC_SHA_" + spec.size());
  }

  private static HmacAlgorithm hmacOf(KeySpec spec, MacAlgorithm algorithm) {
    if (!spec.macAlgorithms(KeyUsage.GENERATE_VERIFY_MAC).contains(algorithm)) {
      throw new IllegalArgumentException(algorithm + " is not the MAC algorithm of " + spec);
    }
    return HmacAlgorithm.valueOf(algorithm.name());
  }

  private static OaepAlgorithm oaepOf(EncryptionAlgorithm algorithm) {
    return switch (algorithm) {
      case RSAES_OAEP_SHA_1 -> OaepAlgorithm.RSAES_OAEP_SHA_1;
      case RSAES_OAEP_SHA_256 -> OaepAlgorithm.RSAES_OAEP_SHA_256;
      default -> throw new IllegalArgumentException(algorithm + " is not an RSA algorithm");
    };
  }

  @Override
  public byte[] generateRandom(int lengthBytes) {
    if (lengthBytes < 1 || lengthBytes > MAX_RANDOM_BYTES) {
      throw new IllegalArgumentException("length must be 1..1024 bytes, got " + lengthBytes);
    }
    byte[] out = new byte[lengthBytes];
    random.nextBytes(out);
    return out;
  }

  @Override
  public ImportParameters createImportParameters(
      KeyId keyId, WrappingKeySpec spec, WrappingAlgorithm algorithm, Instant validTo) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(spec.bits(), random);
      KeyPair pair = generator.generateKeyPair();
      String token = UUID.randomUUID().toString();
      imports.put(token, new PendingImport(keyId, algorithm, pair.getPrivate(), validTo));
      return new ImportParameters(
          pair.getPublic().getEncoded(), token.getBytes(StandardCharsets.US_ASCII), validTo);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }

  @Override
  public NewKeyVersion importKeyMaterial(
      KeyVersionRef ref, byte[] importToken, byte[] encryptedKeyMaterial, Instant now) {
    byte[] material = unwrapImported(pendingImport(ref, importToken, now), encryptedKeyMaterial);
    if (material.length != KEY_BYTES) {
      throw new ImportedMaterialException(
          ImportedMaterialException.Reason.WRONG_LENGTH, "material is not 32 bytes");
    }
    return newKeyVersion(ref, material);
  }

  private PendingImport pendingImport(KeyVersionRef ref, byte[] importToken, Instant now) {
    PendingImport pending = imports.get(new String(importToken, StandardCharsets.US_ASCII));
    if (pending == null || !pending.keyId().equals(ref.keyId())) {
      throw new ImportTokenException(
          ImportTokenException.Reason.INVALID, "not an import token of this key");
    }
    if (now.isAfter(pending.validTo())) {
      throw new ImportTokenException(ImportTokenException.Reason.EXPIRED, "import token expired");
    }
    return pending;
  }

  private static byte[] unwrapImported(PendingImport pending, byte[] encrypted) {
    try {
      return switch (pending.algorithm()) {
        case RSAES_OAEP_SHA_1 -> rsaOaep(pending.privateKey(), "SHA-1", encrypted);
        case RSAES_OAEP_SHA_256 -> rsaOaep(pending.privateKey(), "SHA-256", encrypted);
        case RSA_AES_KEY_WRAP_SHA_1 -> rsaAesKeyWrap(pending.privateKey(), "SHA-1", encrypted);
        case RSA_AES_KEY_WRAP_SHA_256 -> rsaAesKeyWrap(pending.privateKey(), "SHA-256", encrypted);
        case RSAES_PKCS1_V1_5, SM2PKE ->
            throw new IllegalArgumentException(pending.algorithm() + " is not accepted");
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ImportedMaterialException(
          ImportedMaterialException.Reason.UNWRAP_FAILED, "key material does not unwrap");
    }
  }

  private static byte[] rsaOaep(PrivateKey key, String digest, byte[] encrypted)
      throws GeneralSecurityException {
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    MGF1ParameterSpec mgf =
        digest.equals("SHA-1") ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256;
    rsa.init(
        Cipher.DECRYPT_MODE,
        key,
        new OAEPParameterSpec(digest, "MGF1", mgf, PSource.PSpecified.DEFAULT));
    return rsa.doFinal(encrypted);
  }

  /** RSA-OAEP of an ephemeral AES key, followed by AES key wrap with padding (RFC 5649). */
  private static byte[] rsaAesKeyWrap(PrivateKey key, String digest, byte[] encrypted)
      throws GeneralSecurityException {
    int rsaBytes = (((java.security.interfaces.RSAKey) key).getModulus().bitLength() + 7) / 8;
    if (encrypted.length <= rsaBytes) {
      throw new IllegalArgumentException("too short for RSA + AES key wrap");
    }
    byte[] aesKey = rsaOaep(key, digest, Arrays.copyOf(encrypted, rsaBytes));
    Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
    kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
    return kwp.doFinal(encrypted, rsaBytes, encrypted.length - rsaBytes);
  }

  private NewKeyVersion newKeyVersion(KeyVersionRef ref, byte[] material) {
    return newKeyVersion(ref, bindingOf(ref), material);
  }

  private NewKeyVersion newKeyVersion(KeyVersionRef ref, KeySpec spec, byte[] material) {
    return newKeyVersion(ref, bindingOf(ref, spec), material);
  }

  /** Wraps {@code material} (which it wipes) bound to {@code binding}. */
  private NewKeyVersion newKeyVersion(KeyVersionRef ref, byte[] binding, byte[] material) {
    byte[] wrapped = gcmEncrypt(rootKey, material, binding);
    String materialId =
        HexFormat.of()
            .formatHex(sha256(ref.keyId().value().getBytes(StandardCharsets.UTF_8), material));
    Arrays.fill(material, (byte) 0);
    return new NewKeyVersion(new WrappedKey(wrapped), materialId);
  }

  private byte[] unwrap(KeyVersionRef ref, WrappedKey key) {
    return unwrap(ref, key, bindingOf(ref));
  }

  private byte[] unwrap(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    return unwrap(ref, key, bindingOf(ref, spec));
  }

  private byte[] unwrap(KeyVersionRef ref, WrappedKey key, byte[] binding) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(key, "key");
    try {
      return gcmDecrypt(rootKey, key.bytes(), binding);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new KeyMaterialUnavailableException("key version does not unwrap for " + ref);
    }
  }

  /** The (key id, version) a wrapped key belongs to, authenticated with it. */
  private static byte[] bindingOf(KeyVersionRef ref) {
    byte[] id = ref.keyId().value().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(id.length + 4).put(id).putInt(ref.version()).array();
  }

  /**
   * The (key id, version, spec) an asymmetric or HMAC version belongs to: material presented with
   * another spec does not unwrap, as in the real enclave.
   */
  private static byte[] bindingOf(KeyVersionRef ref, KeySpec spec) {
    byte[] version = bindingOf(ref);
    byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(version.length + 1 + name.length)
        .put(version)
        .put((byte) 0)
        .put(name)
        .array();
  }

  private byte[] gcmEncrypt(SecretKeySpec key, byte[] plaintext, byte[] aad) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      gcm.updateAAD(aad);
      byte[] sealed = gcm.doFinal(plaintext);
      byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  private static byte[] gcmDecrypt(SecretKeySpec key, byte[] sealed, byte[] aad)
      throws AEADBadTagException {
    if (sealed.length < IV_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("too short");
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
      gcm.updateAAD(aad);
      return gcm.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.ImportedMaterialException;
import dev.serverlesskms.core.port.InvalidPeerPublicKeyException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import dev.serverlesskms.crypto.AsymmetricPrivateKey;
import dev.serverlesskms.crypto.DecryptionFailedException;
import dev.serverlesskms.crypto.HmacAlgorithm;
import dev.serverlesskms.crypto.KeyEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The {@link Enclave}: key versions wrapped under a {@link RootKey} (software or PKCS#11; the rest
 * is the same), messages sealed under per-message keys ({@link SealedPayload}), and a bounded cache
 * of unwrapped version keys. Thread-safe.
 *
 * <p>Construction runs the power-on self-tests (known answers, root key pairwise check) and throws
 * {@link EnclaveStartupException} if any fails, so a broken enclave never serves a request.
 *
 * <p>Key material leaves only as the plaintext of a data key ({@link #generateDataKey}) or the
 * private key of a data key pair ({@link #generateDataKeyPair}), which is the point of those
 * operations, and as an ECDH shared secret; no exception or {@code toString} here contains key or
 * plaintext bytes. Imported material ({@link KeyImport}) enters unwrapped only in here, and is
 * stored exactly like generated material.
 *
 * <p>Asymmetric and HMAC versions (issue 11) are wrapped like symmetric ones, as PKCS#8 private
 * keys and raw HMAC keys bound to their spec as well ({@link WrappedKeyFormat} v2); their
 * algorithms are kms-crypto's ({@link KeyTypes} maps the port's names to it). Parsed private keys
 * are cached beside the raw material, with the same bound.
 */
public final class KeyVersionEnclave implements Enclave, AutoCloseable {
  private static final int MAX_RANDOM_BYTES = 1024;
  private static final byte[] MATERIAL_ID_LABEL =
      "serverless-kms/material-id/v1".getBytes(StandardCharsets.US_ASCII);

  private final RootKey rootKey;
  private final SecureRandom random;
  private final LruKeyCache<CacheKey> versionKeys;
  private final ParsedKeyCache<CacheKey> privateKeys;
  private final KeyImport keyImport;
  private final KeyTypeSelfTests keyTypeSelfTests = new KeyTypeSelfTests();

  /**
   * A cache entry is valid only for the exact wrapped bytes it was unwrapped from, as the spec it
   * was unwrapped as.
   */
  private record CacheKey(KeyVersionRef ref, KeySpec spec, String wrappedSha256) {}

  /**
   * @param rootKey the root key; the enclave owns it from now on and closes it in {@link #close}
   * @param random the enclave's source of keys and nonces; not shared with anything else
   * @param cacheMaxEntries how many unwrapped version keys to keep in memory (at least 1)
   * @throws EnclaveStartupException if a self-test fails
   */
  public KeyVersionEnclave(RootKey rootKey, SecureRandom random, int cacheMaxEntries) {
    this.rootKey = Objects.requireNonNull(rootKey, "rootKey");
    this.random = Objects.requireNonNull(random, "random");
    this.versionKeys = new LruKeyCache<>(cacheMaxEntries);
    this.privateKeys = new ParsedKeyCache<>(cacheMaxEntries);
    this.keyImport = new KeyImport(rootKey, random);
    SelfTest.runKnownAnswers();
    SelfTest.checkPairwise(rootKey, random);
  }

  @Override
  public NewKeyVersion generateKeyVersion(KeyVersionRef ref) {
    Objects.requireNonNull(ref, "ref");
    try (KeyMaterial material = KeyMaterial.random(AesGcm.KEY_BYTES, random)) {
      return newKeyVersion(ref, material);
    }
  }

  @Override
  public ImportParameters createImportParameters(
      KeyId keyId, WrappingKeySpec spec, WrappingAlgorithm algorithm, Instant validTo) {
    return keyImport.createParameters(keyId, spec, algorithm, validTo);
  }

  @Override
  public NewKeyVersion importKeyMaterial(
      KeyVersionRef ref, byte[] importToken, byte[] encryptedKeyMaterial, Instant now) {
    Objects.requireNonNull(ref, "ref");
    try (KeyMaterial material =
        keyImport.unwrap(ref.keyId(), importToken, encryptedKeyMaterial, now)) {
      return newKeyVersion(ref, material);
    }
  }

  @Override
  public NewKeyVersion generateKeyVersion(KeyVersionRef ref, KeySpec spec) {
    Objects.requireNonNull(ref, "ref");
    if (spec == KeySpec.SYMMETRIC_DEFAULT) {
      return generateKeyVersion(ref);
    }
    keyTypeSelfTests.require(spec);
    if (spec.isHmac()) {
      try (KeyMaterial material = KeyMaterial.random(KeyTypes.hmacOf(spec).keyBytes(), random)) {
        return newKeyVersion(ref, spec, material);
      }
    }
    AsymmetricPrivateKey key = AsymmetricPrivateKey.generate(KeyTypes.asymmetricOf(spec), random);
    try (KeyMaterial pkcs8 = KeyMaterial.takeOwnership(key.pkcs8())) {
      return newKeyVersion(ref, spec, pkcs8);
    }
  }

  @Override
  public NewKeyVersion importKeyMaterial(
      KeyVersionRef ref,
      KeySpec spec,
      byte[] importToken,
      byte[] encryptedKeyMaterial,
      Instant now) {
    Objects.requireNonNull(ref, "ref");
    if (spec == KeySpec.SYMMETRIC_DEFAULT) {
      return importKeyMaterial(ref, importToken, encryptedKeyMaterial, now);
    }
    keyTypeSelfTests.require(spec);
    try (KeyMaterial material =
        keyImport.unwrapAnyLength(ref.keyId(), importToken, encryptedKeyMaterial, now)) {
      return checkedVersion(ref, spec, material);
    }
  }

  @Override
  public NewKeyVersion wrapKeyMaterial(KeyVersionRef ref, KeySpec spec, byte[] material) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(material, "material");
    try (KeyMaterial given = KeyMaterial.takeOwnership(material.clone())) {
      if (spec == KeySpec.SYMMETRIC_DEFAULT) {
        if (given.length() != AesGcm.KEY_BYTES) {
          throw new ImportedMaterialException(
              ImportedMaterialException.Reason.WRONG_LENGTH,
              "the key material has " + given.length() + " bytes, not 32");
        }
        return newKeyVersion(ref, given);
      }
      keyTypeSelfTests.require(spec);
      return checkedVersion(ref, spec, given);
    }
  }

  /**
   * The version of imported or seeded asymmetric or HMAC material, once it is checked to be of
   * {@code spec}.
   */
  private NewKeyVersion checkedVersion(KeyVersionRef ref, KeySpec spec, KeyMaterial material) {
    if (spec.isHmac()) {
      if (!KeyTypes.hmacOf(spec).acceptsImportedKeyLength(material.length())) {
        throw new ImportedMaterialException(
            ImportedMaterialException.Reason.WRONG_SPEC,
            "the imported key material has "
                + material.length()
                + " bytes, not a length "
                + spec
                + " accepts");
      }
      return newKeyVersion(ref, spec, material);
    }
    AsymmetricPrivateKey key;
    try {
      key = AsymmetricPrivateKey.fromPkcs8(KeyTypes.asymmetricOf(spec), material.bytes());
    } catch (KeyEncodingException e) {
      // the message names the problem (another curve, not PKCS#8...), never key bytes
      throw new ImportedMaterialException(
          ImportedMaterialException.Reason.WRONG_SPEC,
          "the imported key material is not a " + spec + " private key: " + e.getMessage());
    }
    // stored in its canonical encoding, so the same key has the same material id however it
    // was encoded when imported
    try (KeyMaterial pkcs8 = KeyMaterial.takeOwnership(key.pkcs8())) {
      return newKeyVersion(ref, spec, pkcs8);
    }
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
        .sign(KeyTypes.signatureOf(algorithm), KeyTypes.kindOf(messageType), message, random);
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
        .verify(KeyTypes.signatureOf(algorithm), KeyTypes.kindOf(messageType), message, signature);
  }

  @Override
  public byte[] encryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    return privateKey(ref, spec, key)
        .publicKey()
        .encrypt(KeyTypes.oaepOf(algorithm), plaintext, random);
  }

  @Override
  public byte[] decryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    try {
      return privateKey(ref, spec, key).decrypt(KeyTypes.oaepOf(algorithm), ciphertext);
    } catch (DecryptionFailedException e) {
      throw new EnclaveAuthenticationException();
    }
  }

  @Override
  public byte[] generateMac(
      KeyVersionRef ref, KeySpec spec, WrappedKey key, MacAlgorithm algorithm, byte[] message) {
    Objects.requireNonNull(message, "message");
    HmacAlgorithm hmac = KeyTypes.hmacOf(spec, algorithm);
    try (KeyMaterial material = versionKey(ref, spec, key)) {
      return hmac.mac(material.bytes(), message);
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
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(mac, "mac");
    HmacAlgorithm hmac = KeyTypes.hmacOf(spec, algorithm);
    try (KeyMaterial material = versionKey(ref, spec, key)) {
      return hmac.verify(material.bytes(), message, mac);
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
    Objects.requireNonNull(peerPublicKey, "peerPublicKey");
    try {
      return privateKey(ref, spec, key).deriveSharedSecret(peerPublicKey);
    } catch (KeyEncodingException e) {
      throw new InvalidPeerPublicKeyException(e.getMessage());
    }
  }

  @Override
  public DataKeyPair generateDataKeyPair(
      KeyVersionRef ref, WrappedKey key, DataKeyPairSpec pairSpec, byte[] aad) {
    Objects.requireNonNull(aad, "aad");
    keyTypeSelfTests.require(pairSpec.keySpec());
    AsymmetricPrivateKey pair =
        AsymmetricPrivateKey.generate(KeyTypes.asymmetricOf(pairSpec.keySpec()), random);
    byte[] privateKey = pair.pkcs8();
    try (KeyMaterial versionKey = versionKey(ref, key)) {
      return new DataKeyPair(
          privateKey,
          pair.publicKey().encoded(),
          SealedPayload.seal(versionKey.bytes(), newNonce(), privateKey, aad));
    }
  }

  private NewKeyVersion newKeyVersion(KeyVersionRef ref, KeyMaterial material) {
    return newKeyVersion(ref, KeySpec.SYMMETRIC_DEFAULT, material);
  }

  /**
   * Wraps {@code material} for {@code ref} and {@code spec}; its id depends on the key id and the
   * material only, so the same material imported again has the same id.
   */
  private NewKeyVersion newKeyVersion(KeyVersionRef ref, KeySpec spec, KeyMaterial material) {
    WrappedKey wrapped = WrappedKeyFormat.wrap(rootKey, ref, spec, material);
    String materialId =
        HexFormat.of()
            .formatHex(Digests.sha256(MATERIAL_ID_LABEL, ref.keyId().toBytes(), material.bytes()));
    return new NewKeyVersion(wrapped, materialId);
  }

  @Override
  public byte[] seal(KeyVersionRef ref, WrappedKey key, byte[] plaintext, byte[] aad) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(aad, "aad");
    try (KeyMaterial versionKey = versionKey(ref, key)) {
      return SealedPayload.seal(versionKey.bytes(), newNonce(), plaintext, aad);
    }
  }

  @Override
  public byte[] open(KeyVersionRef ref, WrappedKey key, byte[] sealed, byte[] aad) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(aad, "aad");
    try (KeyMaterial versionKey = versionKey(ref, key)) {
      return SealedPayload.open(versionKey.bytes(), sealed, aad);
    }
  }

  @Override
  public DataKey generateDataKey(KeyVersionRef ref, WrappedKey key, int lengthBytes, byte[] aad) {
    Objects.requireNonNull(aad, "aad");
    requireRandomLength(lengthBytes);
    try (KeyMaterial versionKey = versionKey(ref, key)) {
      byte[] plaintext = new byte[lengthBytes];
      random.nextBytes(plaintext);
      return new DataKey(
          plaintext, SealedPayload.seal(versionKey.bytes(), newNonce(), plaintext, aad));
    }
  }

  @Override
  public byte[] generateRandom(int lengthBytes) {
    requireRandomLength(lengthBytes);
    byte[] out = new byte[lengthBytes];
    random.nextBytes(out);
    return out;
  }

  /** Zeroizes the cached version keys, drops the parsed private keys and closes the root key. */
  @Override
  public void close() {
    versionKeys.close();
    privateKeys.clear();
    rootKey.close();
  }

  @Override
  public String toString() {
    return "KeyVersionEnclave[rootKey="
        + rootKey.id()
        + ", cached "
        + versionKeys.size()
        + "/"
        + versionKeys.maxEntries()
        + " version keys, "
        + privateKeys.size()
        + "/"
        + versionKeys.maxEntries()
        + " private keys]";
  }

  /**
   * @return a copy of the version key, which the caller closes
   */
  private KeyMaterial versionKey(KeyVersionRef ref, WrappedKey key) {
    return versionKey(ref, KeySpec.SYMMETRIC_DEFAULT, key);
  }

  /**
   * @return a copy of the raw material of a symmetric or HMAC version, which the caller closes
   */
  private KeyMaterial versionKey(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    if (spec.isAsymmetric()) {
      throw new IllegalArgumentException(spec + " is not a symmetric or HMAC spec");
    }
    keyTypeSelfTests.require(spec);
    CacheKey cacheKey = cacheKey(ref, spec, key);
    return versionKeys.get(
        cacheKey, () -> WrappedKeyFormat.unwrap(rootKey, ref, spec, key.bytes()));
  }

  /** The parsed private key of an asymmetric version, from the cache or unwrapped and parsed. */
  private AsymmetricPrivateKey privateKey(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    var asymmetric = KeyTypes.asymmetricOf(spec);
    keyTypeSelfTests.require(spec);
    CacheKey cacheKey = cacheKey(ref, spec, key);
    return privateKeys.get(
        cacheKey,
        () -> {
          try (KeyMaterial pkcs8 = WrappedKeyFormat.unwrap(rootKey, ref, spec, key.bytes())) {
            return AsymmetricPrivateKey.fromStoredPkcs8(asymmetric, pkcs8.bytes());
          } catch (KeyEncodingException e) {
            // authenticated under the root key, yet not a key: written by a broken build
            throw new KeyMaterialUnavailableException(
                "key " + ref.keyId() + " version " + ref.version() + " is not a " + spec + " key");
          }
        });
  }

  private static CacheKey cacheKey(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(spec, "spec");
    byte[] wrapped = Objects.requireNonNull(key, "key").bytes();
    return new CacheKey(ref, spec, HexFormat.of().formatHex(Digests.sha256(wrapped)));
  }

  private byte[] newNonce() {
    byte[] nonce = new byte[SealedPayload.NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }

  private static void requireRandomLength(int lengthBytes) {
    if (lengthBytes < 1 || lengthBytes > MAX_RANDOM_BYTES) {
      throw new IllegalArgumentException("length must be 1..1024 bytes, got " + lengthBytes);
    }
  }
}

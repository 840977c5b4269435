package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave;
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
 * <p>Key material leaves only as the plaintext of a data key ({@link #generateDataKey}), which is
 * the point of that operation; no exception or {@code toString} here contains key or plaintext
 * bytes. Imported material ({@link KeyImport}) enters unwrapped only in here, and is stored exactly
 * like generated material.
 */
public final class KeyVersionEnclave implements Enclave, AutoCloseable {
  private static final int MAX_RANDOM_BYTES = 1024;
  private static final byte[] MATERIAL_ID_LABEL =
      "serverless-kms/material-id/v1".getBytes(StandardCharsets.US_ASCII);

  private final RootKey rootKey;
  private final SecureRandom random;
  private final LruKeyCache<CacheKey> versionKeys;
  private final KeyImport keyImport;

  /** A cache entry is valid only for the exact wrapped bytes it was unwrapped from. */
  private record CacheKey(KeyVersionRef ref, String wrappedSha256) {}

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

  /**
   * Wraps {@code material} for {@code ref}; its id depends on the key id and the material only, so
   * the same material imported again has the same id.
   */
  private NewKeyVersion newKeyVersion(KeyVersionRef ref, KeyMaterial material) {
    WrappedKey wrapped = WrappedKeyFormat.wrap(rootKey, ref, material);
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

  /** Zeroizes the cached version keys and closes the root key. */
  @Override
  public void close() {
    versionKeys.close();
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
        + " version keys]";
  }

  /**
   * @return a copy of the version key, which the caller closes
   */
  private KeyMaterial versionKey(KeyVersionRef ref, WrappedKey key) {
    Objects.requireNonNull(ref, "ref");
    byte[] wrapped = Objects.requireNonNull(key, "key").bytes();
    CacheKey cacheKey = new CacheKey(ref, HexFormat.of().formatHex(Digests.sha256(wrapped)));
    return versionKeys.get(cacheKey, () -> WrappedKeyFormat.unwrap(rootKey, ref, wrapped));
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

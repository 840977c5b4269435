package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.port.ImportTokenException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The import token of GetParametersForImport: the private half of an import wrapping key, with what
 * it may be used for, encrypted under the root key. It carries all the state of an import, so
 * ImportKeyMaterial needs nothing kept from GetParametersForImport (they may run in different
 * Lambdas).
 *
 * <pre>
 * token   = 0x01 || RootKey.wrap(payload, aad)               (0x01 = this format)
 * aad     = "serverless-kms/import-token/v1" (ASCII) || keyId (16 bytes, UUID order)
 *           || rootKey.id() (ASCII)
 * payload = keyId (16 bytes) || algorithm (u8, see below) || validTo seconds since the epoch
 *           (i64 big-endian) || validTo nanoseconds (u32 big-endian) || RSA private key (PKCS#8 DER)
 * algorithm: 1 RSAES_OAEP_SHA_1, 2 RSAES_OAEP_SHA_256, 3 RSA_AES_KEY_WRAP_SHA_1,
 *            4 RSA_AES_KEY_WRAP_SHA_256
 * </pre>
 *
 * The label keeps a token apart from a wrapped key version (which uses another label under the same
 * root key); the key id in the aad makes a token issued for one key fail to open for any other. The
 * 1 + 12 + 16 + 29 bytes of overhead leave an RSA_4096 token (PKCS#8 of about 2,400 bytes) far
 * below the 6,144 bytes AWS allows.
 *
 * <p>An opened token holds the private key bytes: close it (try-with-resources) to zeroize them. No
 * message or {@code toString} here shows them.
 */
final class ImportToken implements AutoCloseable {
  static final int MAX_BYTES = 6144;
  private static final byte FORMAT_V1 = 0x01;
  private static final byte[] AAD_LABEL =
      "serverless-kms/import-token/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_ID_BYTES = 16;
  private static final int HEADER_BYTES = KEY_ID_BYTES + 1 + Long.BYTES + Integer.BYTES;

  private final KeyId keyId;
  private final WrappingAlgorithm algorithm;
  private final Instant validTo;
  private final KeyMaterial privateKeyPkcs8;

  private ImportToken(
      KeyId keyId, WrappingAlgorithm algorithm, Instant validTo, KeyMaterial privateKeyPkcs8) {
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.validTo = validTo;
    this.privateKeyPkcs8 = privateKeyPkcs8;
  }

  /**
   * Builds a token. The caller keeps (and zeroizes) {@code privateKeyPkcs8}; the copy made here is
   * wiped before returning.
   */
  static byte[] seal(
      RootKey rootKey,
      KeyId keyId,
      WrappingAlgorithm algorithm,
      Instant validTo,
      byte[] privateKeyPkcs8) {
    byte code = code(algorithm);
    byte[] payload =
        ByteBuffer.allocate(HEADER_BYTES + privateKeyPkcs8.length)
            .put(keyId.toBytes())
            .put(code)
            .putLong(validTo.getEpochSecond())
            .putInt(validTo.getNano())
            .put(privateKeyPkcs8)
            .array();
    byte[] wrapped;
    try {
      wrapped = rootKey.wrap(payload, aad(rootKey, keyId));
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
    byte[] token = new byte[1 + wrapped.length];
    token[0] = FORMAT_V1;
    System.arraycopy(wrapped, 0, token, 1, wrapped.length);
    if (token.length > MAX_BYTES) {
      throw new IllegalStateException(
          "an import token would have " + token.length + " bytes, more than " + MAX_BYTES);
    }
    return token;
  }

  /**
   * Opens a token issued for {@code keyId} under {@code rootKey}. Does not check its validity
   * period ({@link #requireValidAt}).
   *
   * @throws ImportTokenException INVALID if it is not a version-1 token that opens under this root
   *     key for this key id (altered, for another key, from another root key, or not a token)
   */
  static ImportToken open(RootKey rootKey, KeyId keyId, byte[] token) {
    Objects.requireNonNull(token, "importToken");
    if (token.length < 2 || token.length > MAX_BYTES || token[0] != FORMAT_V1) {
      throw invalid(keyId);
    }
    byte[] payload;
    try {
      payload = rootKey.unwrap(Arrays.copyOfRange(token, 1, token.length), aad(rootKey, keyId));
    } catch (RootKeyUnwrapException e) {
      throw invalid(keyId);
    }
    try {
      return parse(keyId, payload);
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  /** Reads an authenticated payload; every check here is defence in depth behind the aad. */
  private static ImportToken parse(KeyId keyId, byte[] payload) {
    if (payload.length <= HEADER_BYTES
        || !MessageDigest.isEqual(Arrays.copyOf(payload, KEY_ID_BYTES), keyId.toBytes())) {
      throw invalid(keyId);
    }
    ByteBuffer buffer = ByteBuffer.wrap(payload, KEY_ID_BYTES, HEADER_BYTES - KEY_ID_BYTES);
    WrappingAlgorithm algorithm = algorithm(buffer.get());
    long seconds = buffer.getLong();
    int nanos = buffer.getInt();
    if (algorithm == null || nanos < 0 || nanos > 999_999_999) {
      throw invalid(keyId);
    }
    Instant validTo;
    try {
      validTo = Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw invalid(keyId);
    }
    byte[] pkcs8 = Arrays.copyOfRange(payload, HEADER_BYTES, payload.length);
    return new ImportToken(keyId, algorithm, validTo, KeyMaterial.takeOwnership(pkcs8));
  }

  WrappingAlgorithm algorithm() {
    return algorithm;
  }

  Instant validTo() {
    return validTo;
  }

  /**
   * The RSA private key, PKCS#8 DER: the backing array, wiped by {@link #close}; do not keep it.
   */
  byte[] privateKeyPkcs8() {
    return privateKeyPkcs8.bytes();
  }

  /**
   * @throws ImportTokenException EXPIRED if {@code now} is after {@link #validTo} (at exactly
   *     {@code validTo} the token is still accepted)
   */
  void requireValidAt(Instant now) {
    if (now.isAfter(validTo)) {
      throw new ImportTokenException(
          ImportTokenException.Reason.EXPIRED,
          "the import token for key " + keyId + " expired at " + validTo);
    }
  }

  /** Zeroizes the private key bytes. */
  @Override
  public void close() {
    privateKeyPkcs8.close();
  }

  @Override
  public String toString() {
    return "ImportToken[key " + keyId + ", " + algorithm + ", valid to " + validTo + ", redacted]";
  }

  private static byte[] aad(RootKey rootKey, KeyId keyId) {
    byte[] rootId = rootKey.id().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(AAD_LABEL.length + KEY_ID_BYTES + rootId.length)
        .put(AAD_LABEL)
        .put(keyId.toBytes())
        .put(rootId)
        .array();
  }

  /** Fixed codes, not ordinals: reordering the enum must not change what old tokens mean. */
  private static byte code(WrappingAlgorithm algorithm) {
    return switch (algorithm) {
      case RSAES_OAEP_SHA_1 -> 1;
      case RSAES_OAEP_SHA_256 -> 2;
      case RSA_AES_KEY_WRAP_SHA_1 -> 3;
      case RSA_AES_KEY_WRAP_SHA_256 -> 4;
      default ->
          throw new IllegalArgumentException(
              "wrapping algorithm " + algorithm + " is not supported");
    };
  }

  /**
   * @return the algorithm with this code, or {@code null}
   */
  private static WrappingAlgorithm algorithm(byte code) {
    return switch (code) {
      case 1 -> WrappingAlgorithm.RSAES_OAEP_SHA_1;
      case 2 -> WrappingAlgorithm.RSAES_OAEP_SHA_256;
      case 3 -> WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1;
      case 4 -> WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256;
      default -> null;
    };
  }

  private static ImportTokenException invalid(KeyId keyId) {
    return new ImportTokenException(
        ImportTokenException.Reason.INVALID,
        "the import token is not valid for key "
            + keyId
            + " (not issued for this key by this enclave, or altered)");
  }
}

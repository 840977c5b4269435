package dev.serverlesskms.enclave;

/**
 * The enclave's root key: the one key that protects every stored key version. It is the only thing
 * that differs between the software enclave (key bytes in memory) and the PKCS#11 enclave (a
 * non-extractable key inside a token), so {@link KeyVersionEnclave} is written once against this
 * interface.
 *
 * <p>Both operations are AES-256-GCM with a random 12-byte IV and a 16-byte tag; the wrapped form
 * is {@code iv(12) || ciphertext || tag(16)}, laid out (and its IV drawn) by {@link RootKeyFraming}
 * for every implementation. Implementations are thread-safe.
 */
public interface RootKey extends AutoCloseable {

  /**
   * A short identifier that is stable for the life of the key and reveals nothing about it. It is
   * bound into the associated data of every wrapped key version, and names the key in error
   * messages.
   */
  String id();

  /**
   * Encrypts {@code material} under the root key, authenticating {@code aad} with it.
   *
   * @return {@code iv(12) || ciphertext || tag(16)}
   */
  byte[] wrap(byte[] material, byte[] aad);

  /**
   * Reverses {@link #wrap}. The caller owns (and must zeroize) the returned bytes.
   *
   * @throws RootKeyUnwrapException if {@code wrapped} was not produced by this key with this {@code
   *     aad}, or was altered
   */
  byte[] unwrap(byte[] wrapped, byte[] aad) throws RootKeyUnwrapException;

  /** Forgets the key; later calls fail with {@link IllegalStateException}. */
  @Override
  void close();
}

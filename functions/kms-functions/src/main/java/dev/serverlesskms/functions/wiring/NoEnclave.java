package dev.serverlesskms.functions.wiring;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave;
import java.time.Instant;

/**
 * The enclave of a function that must not hold the root key ({@code kms.enclave.kind=none}): the
 * metadata-only Lambdas (DescribeKey, ListAliases, TagResource...) get no root-key secret and no
 * HSM access at all. Any use is a deployment error and fails the request.
 */
final class NoEnclave implements Enclave {
  private static IllegalStateException unavailable() {
    return new IllegalStateException(
        "this function is deployed without enclave access (kms.enclave.kind=none)");
  }

  @Override
  public NewKeyVersion generateKeyVersion(KeyVersionRef ref) {
    throw unavailable();
  }

  @Override
  public byte[] seal(KeyVersionRef ref, WrappedKey key, byte[] plaintext, byte[] aad) {
    throw unavailable();
  }

  @Override
  public byte[] open(KeyVersionRef ref, WrappedKey key, byte[] sealed, byte[] aad) {
    throw unavailable();
  }

  @Override
  public DataKey generateDataKey(KeyVersionRef ref, WrappedKey key, int lengthBytes, byte[] aad) {
    throw unavailable();
  }

  @Override
  public byte[] generateRandom(int lengthBytes) {
    throw unavailable();
  }

  @Override
  public ImportParameters createImportParameters(
      KeyId keyId, WrappingKeySpec spec, WrappingAlgorithm algorithm, Instant validTo) {
    throw unavailable();
  }

  @Override
  public NewKeyVersion importKeyMaterial(
      KeyVersionRef ref, byte[] importToken, byte[] encryptedKeyMaterial, Instant now) {
    throw unavailable();
  }
}

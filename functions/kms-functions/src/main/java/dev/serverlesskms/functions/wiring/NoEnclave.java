package dev.serverlesskms.functions.wiring;

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
  public NewKeyVersion wrapKeyMaterial(KeyVersionRef ref, KeySpec spec, byte[] material) {
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

  @Override
  public NewKeyVersion generateKeyVersion(KeyVersionRef ref, KeySpec spec) {
    throw unavailable();
  }

  @Override
  public byte[] publicKey(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    throw unavailable();
  }

  @Override
  public byte[] sign(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      SigningAlgorithm algorithm,
      MessageType messageType,
      byte[] message) {
    throw unavailable();
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
    throw unavailable();
  }

  @Override
  public byte[] encryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] plaintext) {
    throw unavailable();
  }

  @Override
  public byte[] decryptAsymmetric(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      EncryptionAlgorithm algorithm,
      byte[] ciphertext) {
    throw unavailable();
  }

  @Override
  public byte[] generateMac(
      KeyVersionRef ref, KeySpec spec, WrappedKey key, MacAlgorithm algorithm, byte[] message) {
    throw unavailable();
  }

  @Override
  public boolean verifyMac(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      MacAlgorithm algorithm,
      byte[] message,
      byte[] mac) {
    throw unavailable();
  }

  @Override
  public byte[] deriveSharedSecret(
      KeyVersionRef ref,
      KeySpec spec,
      WrappedKey key,
      KeyAgreementAlgorithm algorithm,
      byte[] peerPublicKey) {
    throw unavailable();
  }

  @Override
  public DataKeyPair generateDataKeyPair(
      KeyVersionRef ref, WrappedKey key, DataKeyPairSpec pairSpec, byte[] aad) {
    throw unavailable();
  }

  @Override
  public NewKeyVersion importKeyMaterial(
      KeyVersionRef ref,
      KeySpec spec,
      byte[] importToken,
      byte[] encryptedKeyMaterial,
      Instant now) {
    throw unavailable();
  }
}

package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.SealedPassword;
import dev.serverlesskms.core.model.WrappedKey;
import java.util.Optional;

/**
 * A KMS without declared clusters: CreateCustomKeyStore answers CloudHsmClusterNotFoundException,
 * so nothing else here is reached but for stores left in a shared table by a KMS that had clusters.
 */
enum NoClusters implements CustomKeyStoreHsm {
  INSTANCE;

  @Override
  public Optional<HsmCluster> cluster(String clusterId) {
    return Optional.empty();
  }

  @Override
  public SealedPassword sealPassword(String customKeyStoreId, String password) {
    throw new IllegalStateException("no custom key store clusters are declared");
  }

  @Override
  public void connect(CustomKeyStore store) {
    throw new HsmConnectionException(
        ConnectionErrorCode.CLUSTER_NOT_FOUND, "no custom key store clusters are declared", null);
  }

  @Override
  public void disconnect(CustomKeyStore store) {}

  @Override
  public Enclave.NewKeyVersion generateKey(CustomKeyStore store, KeyVersionRef ref) {
    throw new KeyMaterialUnavailableException("no custom key store clusters are declared");
  }

  @Override
  public byte[] seal(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] plaintext, byte[] aad) {
    throw new KeyMaterialUnavailableException("no custom key store clusters are declared");
  }

  @Override
  public byte[] open(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, byte[] sealed, byte[] aad) {
    throw new KeyMaterialUnavailableException("no custom key store clusters are declared");
  }

  @Override
  public Enclave.DataKey generateDataKey(
      CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey, int lengthBytes, byte[] aad) {
    throw new KeyMaterialUnavailableException("no custom key store clusters are declared");
  }

  @Override
  public byte[] generateRandom(CustomKeyStore store, int lengthBytes) {
    throw new KeyMaterialUnavailableException("no custom key store clusters are declared");
  }

  @Override
  public void destroyKey(CustomKeyStore store, KeyVersionRef ref, WrappedKey tokenKey) {
    throw new KeyMaterialUnavailableException("no custom key store clusters are declared");
  }
}

package dev.serverlesskms.core.model;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A custom key store of type AWS_CLOUDHSM: a named link to a PKCS#11 token that the operator
 * declared in configuration under {@link #cloudHsmClusterId} (library, token), with the token's
 * user PIN sealed ({@link #password}). Keys created in it are generated and used inside that token.
 *
 * <p>Its {@link #connectionState} is stored with it, so every process of the KMS (every Lambda
 * instance) sees the same one; each process opens its own session to the token when it first needs
 * it while the store is CONNECTED.
 *
 * <p>Immutable, with the store's revision for optimistic locking, like {@link KmsKey}. Intents
 * check AWS's connection-state rules and return the changed store.
 *
 * @param id {@code cks-} and 17 hex digits, as AWS's
 * @param name unique in the account, 1..256 characters
 * @param cloudHsmClusterId the declared cluster (token) it uses
 * @param trustAnchorCertificate as given at creation (PEM)
 * @param password the sealed kmsuser password (token user PIN)
 * @param keyCount how many keys (in any state) are in the store, kept by the key store as keys are
 *     created and deleted; ignored on {@link
 *     dev.serverlesskms.core.port.KeyStore#updateCustomKeyStore}
 * @param revision the store's revision (0 before the first save)
 */
public record CustomKeyStore(
    String id,
    String name,
    CustomKeyStoreType type,
    String cloudHsmClusterId,
    String trustAnchorCertificate,
    SealedPassword password,
    ConnectionState connectionState,
    ConnectionErrorCode connectionErrorCode,
    Instant creationDate,
    long keyCount,
    long revision) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public CustomKeyStore {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cloudHsmClusterId, "cloudHsmClusterId");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectionState, "connectionState");
    Objects.requireNonNull(creationDate, "creationDate");
    if (connectionErrorCode != null && connectionState != ConnectionState.FAILED) {
      throw new IllegalArgumentException("only a FAILED store has a connection error code");
    }
  }

  /** A new id: {@code cks-} and 17 random hex digits. */
  public static String newId() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return "cks-" + HexFormat.of().formatHex(bytes).substring(0, 17);
  }

  /** A new store: DISCONNECTED, as AWS creates them. */
  public static CustomKeyStore create(
      String id,
      String name,
      String cloudHsmClusterId,
      String trustAnchorCertificate,
      SealedPassword password,
      Instant now) {
    return new CustomKeyStore(
        id,
        name,
        CustomKeyStoreType.AWS_CLOUDHSM,
        cloudHsmClusterId,
        trustAnchorCertificate,
        password,
        ConnectionState.DISCONNECTED,
        null,
        now,
        0,
        0);
  }

  public boolean connected() {
    return connectionState == ConnectionState.CONNECTED;
  }

  /**
   * ConnectCustomKeyStore: valid in every state but DISCONNECTING and FAILED (a FAILED store is
   * disconnected first, as AWS requires).
   *
   * @return this store unchanged when it is CONNECTED already; else the store CONNECTING
   */
  public CustomKeyStore startConnecting() {
    if (connectionState == ConnectionState.FAILED
        || connectionState == ConnectionState.DISCONNECTING) {
      // AWS's text for this case is not published; inferred from the exception's documentation.
      throw invalidState(
          "Custom key store "
              + id
              + " is "
              + connectionState
              + ". To connect a custom key store that is FAILED, disconnect it first.");
    }
    return connected() ? this : with(ConnectionState.CONNECTING, null);
  }

  /** The outcome of connecting: CONNECTED, or FAILED with why. */
  public CustomKeyStore connectionOutcome(ConnectionErrorCode failure) {
    return failure == null
        ? with(ConnectionState.CONNECTED, null)
        : with(ConnectionState.FAILED, failure);
  }

  /** DisconnectCustomKeyStore: valid in every state but DISCONNECTED (and DISCONNECTING). */
  public CustomKeyStore disconnect() {
    if (connectionState == ConnectionState.DISCONNECTED
        || connectionState == ConnectionState.DISCONNECTING) {
      throw invalidState("Custom key store " + id + " is " + connectionState + ".");
    }
    return with(ConnectionState.DISCONNECTED, null);
  }

  /**
   * UpdateCustomKeyStore's state rule, as AWS documents it: a CONNECTED store may only be renamed;
   * any other change (password, cluster) needs the store DISCONNECTED.
   *
   * @param moreThanTheName whether the update changes the password or the cluster
   */
  public void requireUpdatable(boolean moreThanTheName) {
    if (connectionState == ConnectionState.CONNECTED && !moreThanTheName) {
      return;
    }
    requireDisconnected("UpdateCustomKeyStore");
  }

  /**
   * UpdateCustomKeyStore ({@link #requireUpdatable}).
   *
   * @param newName the new name, or {@code null} to keep it
   * @param newPassword the new sealed password, or {@code null} to keep it
   * @param newClusterId the new (related) cluster, or {@code null} to keep it
   */
  public CustomKeyStore update(String newName, SealedPassword newPassword, String newClusterId) {
    requireUpdatable(newPassword != null || newClusterId != null);
    return new CustomKeyStore(
        id,
        newName == null ? name : newName,
        type,
        newClusterId == null ? cloudHsmClusterId : newClusterId,
        trustAnchorCertificate,
        newPassword == null ? password : newPassword,
        connectionState,
        connectionErrorCode,
        creationDate,
        keyCount,
        revision);
  }

  /** DeleteCustomKeyStore's rules: DISCONNECTED, and no keys (pending deletion ones included). */
  public void requireDeletable() {
    requireDisconnected("DeleteCustomKeyStore");
    if (keyCount > 0) {
      throw KmsException.of(
          KmsErrorType.CUSTOM_KEY_STORE_HAS_CMKS,
          "Custom key store "
              + id
              + " contains KMS keys. Schedule the deletion of every KMS key in it and wait for"
              + " them to be deleted.");
    }
  }

  /** CreateKey and GenerateRandom in this store: only while CONNECTED. */
  public void requireConnected(String operation) {
    if (!connected()) {
      throw invalidState(
          operation
              + " requires custom key store "
              + id
              + " to be CONNECTED; its connection state is "
              + connectionState
              + ".");
    }
  }

  private void requireDisconnected(String operation) {
    if (connectionState != ConnectionState.DISCONNECTED) {
      throw invalidState(
          operation
              + " requires custom key store "
              + id
              + " to be DISCONNECTED; its connection state is "
              + connectionState
              + ".");
    }
  }

  private static KmsException invalidState(String message) {
    return KmsException.of(KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE, message);
  }

  private CustomKeyStore with(ConnectionState state, ConnectionErrorCode code) {
    return new CustomKeyStore(
        id,
        name,
        type,
        cloudHsmClusterId,
        trustAnchorCertificate,
        password,
        state,
        code,
        creationDate,
        keyCount,
        revision);
  }

  /** This store with the revision (and key count) the key store gave it. */
  public CustomKeyStore stored(long newRevision, long newKeyCount) {
    return new CustomKeyStore(
        id,
        name,
        type,
        cloudHsmClusterId,
        trustAnchorCertificate,
        password,
        connectionState,
        connectionErrorCode,
        creationDate,
        newKeyCount,
        newRevision);
  }

  @Override
  public String toString() {
    return "CustomKeyStore[" + id + " " + connectionState + " r" + revision + "]";
  }
}

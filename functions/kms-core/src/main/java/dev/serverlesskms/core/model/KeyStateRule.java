package dev.serverlesskms.core.model;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.util.EnumSet;
import java.util.Set;

/**
 * AWS's key-state table ("Key states: effect on your KMS key"), one row per kind of operation: the
 * key states in which it runs, and the error every other state gets. Each intent of {@link KmsKey}
 * checks its row first, so a new operation joins a row here rather than writing its own checks.
 *
 * <p>The errors are AWS's: a disabled key answers DisabledException; a key pending deletion or
 * pending import answers KMSInvalidStateException, naming the state.
 *
 * <p>{@link KeyState#PENDING_REPLICA_DELETION} (a multi-Region primary scheduled for deletion while
 * it has replicas) is in AWS's table the column of PendingDeletion: refused wherever a key pending
 * deletion is, allowed wherever it is (CancelKeyDeletion among them). AWS's wording for it is not
 * on record; "is pending replica deletion." follows the pattern of the other states (inferred).
 * {@code Creating} and {@code Updating} are not here: this KMS replicates and changes the primary
 * region within the request, so no key is ever seen in them.
 */
public enum KeyStateRule {
  /**
   * Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, and changes to rotation (EnableKeyRotation,
   * DisableKeyRotation, RotateKeyOnDemand): only an enabled key.
   */
  USE(null, KeyState.ENABLED),
  // UNAVAILABLE is AWS's column for keys of a disconnected custom key store: never stored, so these
  // rows answer for it only where a caller checks a key as it is shown.

  /** EnableKey and DisableKey: not while the key waits for deletion or for its material. */
  ENABLE_OR_DISABLE(null, KeyState.ENABLED, KeyState.DISABLED, KeyState.UNAVAILABLE),

  /**
   * Changes to a key's metadata and material: UpdateKeyDescription, TagResource, UntagResource,
   * ScheduleKeyDeletion, CreateAlias/UpdateAlias targets, ImportKeyMaterial,
   * DeleteImportedKeyMaterial. Everything but a key pending deletion.
   */
  MANAGE(null, KeyState.ENABLED, KeyState.DISABLED, KeyState.PENDING_IMPORT, KeyState.UNAVAILABLE),

  /** ListKeyRotations: every key that has material to list, so not one pending import. */
  LIST_MATERIAL(
      null,
      KeyState.ENABLED,
      KeyState.DISABLED,
      KeyState.PENDING_DELETION,
      KeyState.PENDING_REPLICA_DELETION,
      KeyState.UNAVAILABLE),

  /**
   * GetKeyPolicy, PutKeyPolicy and ListKeyPolicies (like DescribeKey, ListAliases and
   * ListResourceTags): every key state.
   */
  ANY(
      null,
      KeyState.ENABLED,
      KeyState.DISABLED,
      KeyState.PENDING_DELETION,
      KeyState.PENDING_IMPORT,
      KeyState.PENDING_REPLICA_DELETION,
      KeyState.UNAVAILABLE),

  /**
   * CancelKeyDeletion: only a key pending deletion (or pending its replicas' deletion); any other
   * "is not pending deletion."
   */
  CANCEL_DELETION(
      " is not pending deletion.", KeyState.PENDING_DELETION, KeyState.PENDING_REPLICA_DELETION);

  private final Set<KeyState> allowed;

  /** The message suffix for every refused state, or {@code null} to name the state refused. */
  private final String refusal;

  KeyStateRule(String refusal, KeyState first, KeyState... rest) {
    this.allowed = EnumSet.of(first, rest);
    this.refusal = refusal;
  }

  public boolean allows(KeyState state) {
    return allowed.contains(state);
  }

  /**
   * @throws KmsException AWS's error for the key's state, if this row refuses it
   */
  public void check(KmsKey key) {
    if (allows(key.state())) {
      return;
    }
    if (refusal != null) {
      throw KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + refusal);
    }
    throw switch (key.state()) {
      case DISABLED -> KmsException.of(KmsErrorType.DISABLED, key.arn() + " is disabled.");
      case PENDING_DELETION ->
          KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + " is pending deletion.");
      case PENDING_REPLICA_DELETION ->
          KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + " is pending replica deletion.");
      case PENDING_IMPORT ->
          KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + " is pending import.");
      case ENABLED -> KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + " is enabled.");
      case UNAVAILABLE ->
          KmsException.of(KmsErrorType.INVALID_STATE, key.arn() + " is unavailable.");
    };
  }
}

package dev.serverlesskms.core.model;

/**
 * Key states. AWS spells them in PascalCase on the wire; {@link #wireName()} is also what is
 * persisted.
 */
public enum KeyState {
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion"),
  PENDING_IMPORT("PendingImport"),
  /**
   * Never stored: how a key whose custom key store is not CONNECTED shows (DescribeKey) and is
   * refused (KMSInvalidStateException), unless it is pending deletion.
   */
  UNAVAILABLE("Unavailable"),
  /**
   * A multi-Region primary key whose deletion was scheduled while it still had replicas: it waits,
   * without a deletion date, until its last replica is deleted, then becomes {@link
   * #PENDING_DELETION} with the window it was scheduled with.
   */
  PENDING_REPLICA_DELETION("PendingReplicaDeletion");

  private static final java.util.Set<KeyState> STORED =
      java.util.Collections.unmodifiableSet(
          java.util.EnumSet.of(
              ENABLED, DISABLED, PENDING_DELETION, PENDING_IMPORT, PENDING_REPLICA_DELETION));

  private final String wireName;

  KeyState(String wireName) {
    this.wireName = wireName;
  }

  /** The states a stored key can be in (every state but {@link #UNAVAILABLE}), in order. */
  public static java.util.Set<KeyState> stored() {
    return STORED;
  }

  public String wireName() {
    return wireName;
  }

  public static KeyState fromWireName(String name) {
    for (KeyState state : values()) {
      if (state.wireName.equals(name)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown key state: " + name);
  }

  @Override
  public String toString() {
    return wireName;
  }
}

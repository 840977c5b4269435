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
  UNAVAILABLE("Unavailable");

  private static final java.util.Set<KeyState> STORED =
      java.util.Collections.unmodifiableSet(
          java.util.EnumSet.of(ENABLED, DISABLED, PENDING_DELETION, PENDING_IMPORT));

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

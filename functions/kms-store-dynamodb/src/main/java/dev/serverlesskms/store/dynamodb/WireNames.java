package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.RotationType;

/**
 * How enums are persisted: by their wire names, never by ordinal, so reordering or adding constants
 * never changes what a stored item means. {@link KeyState} has an explicit {@code wireName()}; the
 * other enums are declared with their wire names as constant names (frozen by kms-core's {@code
 * PersistedNamesTest}), so {@code name()} is the wire name there. Reading an unknown name fails
 * with {@link IllegalArgumentException}.
 */
final class WireNames {
  private WireNames() {}

  static String of(KeyState state) {
    return state.wireName();
  }

  static KeyState keyState(String wireName) {
    return KeyState.fromWireName(wireName);
  }

  static String of(Enum<?> wireNamedConstant) {
    return wireNamedConstant == null ? null : wireNamedConstant.name();
  }

  static KeySpec keySpec(String wireName) {
    return KeySpec.valueOf(wireName);
  }

  static KeyUsage keyUsage(String wireName) {
    return KeyUsage.valueOf(wireName);
  }

  static Origin origin(String wireName) {
    return Origin.valueOf(wireName);
  }

  static ExpirationModel expirationModel(String wireName) {
    return ExpirationModel.valueOf(wireName);
  }

  /** A key's manager; an item written before AWS managed keys existed has none: CUSTOMER. */
  static KeyManager keyManager(String wireName) {
    return wireName == null ? KeyManager.CUSTOMER : KeyManager.valueOf(wireName);
  }

  static RotationType rotationType(String wireName) {
    return wireName == null ? null : RotationType.valueOf(wireName);
  }
}

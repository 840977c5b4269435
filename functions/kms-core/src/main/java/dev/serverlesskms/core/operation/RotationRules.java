package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;

/** Which keys rotate: symmetric encryption keys with KMS-generated material. */
final class RotationRules {
  static final int MIN_PERIOD_DAYS = 90;
  static final int MAX_PERIOD_DAYS = 2560;
  static final int MAX_ON_DEMAND_ROTATIONS = 25;

  private RotationRules() {}

  /**
   * Asymmetric, HMAC, imported and custom-key-store keys do not rotate:
   * UnsupportedOperationException.
   */
  static void requireRotatable(KmsKey key) {
    if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
      throw KmsException.of(KmsErrorType.UNSUPPORTED_OPERATION, "");
    }
    if (key.origin() != Origin.AWS_KMS) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          key.arn() + " origin is " + key.origin() + " which is not valid for this operation.");
    }
  }

  /**
   * Enable/Disable rotation and on-demand rotation: Disabled -> DisabledException, pending states
   * -> invalid state.
   */
  static void requireChangeableRotation(KmsKey key) {
    if (key.state() == KeyState.DISABLED) {
      throw KmsException.of(KmsErrorType.DISABLED, key.arn() + " is disabled.");
    }
    key.requireUsableForCryptography();
  }
}

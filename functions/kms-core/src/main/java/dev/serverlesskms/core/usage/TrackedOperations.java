package dev.serverlesskms.core.usage;

import java.util.Set;

/**
 * The operations whose successful use of a key GetKeyLastUsage reports: AWS's {@code
 * KeyLastUsageTrackingOperation} values, the cryptographic operations. Management operations,
 * GetPublicKey and failed requests (a DryRun included) are not uses.
 */
public final class TrackedOperations {
  private static final Set<String> NAMES =
      Set.of(
          "Decrypt",
          "DeriveSharedSecret",
          "Encrypt",
          "GenerateDataKey",
          "GenerateDataKeyPair",
          "GenerateDataKeyPairWithoutPlaintext",
          "GenerateDataKeyWithoutPlaintext",
          "GenerateMac",
          "ReEncrypt",
          "Sign",
          "Verify",
          "VerifyMac");

  private TrackedOperations() {}

  /** Whether a successful request of this operation is a use of the keys it touched. */
  public static boolean isTracked(String operation) {
    return NAMES.contains(operation);
  }

  /** Every tracked operation's AWS name. */
  public static Set<String> names() {
    return NAMES;
  }
}

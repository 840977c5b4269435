package dev.serverlesskms.functions.principals;

import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.request.Caller;
import java.util.List;
import java.util.Objects;

/**
 * One principal of a principals document: who it is, the access key it signs with locally (none in
 * a deployment's document, where API Gateway authenticates callers), and its identity policies.
 * {@code toString} never shows the secret.
 *
 * @param identity the user, role session or account root
 * @param accessKeyId the access key id, or {@code null}
 * @param secretAccessKey the secret of that key, or {@code null}
 * @param policies its identity (IAM) policies, parsed
 */
public record Principal(
    Identity identity, String accessKeyId, String secretAccessKey, List<PolicyDocument> policies) {
  private static final int MAX_ACCESS_KEY_ID = 128;

  public Principal {
    Objects.requireNonNull(identity, "identity");
    policies = policies == null ? List.of() : List.copyOf(policies);
  }

  /** A principal that signs with this key pair and has no identity policies. */
  public static Principal withKey(Identity identity, String accessKeyId, String secretAccessKey) {
    return new Principal(identity, accessKeyId, secretAccessKey, List.of());
  }

  /**
   * Requires an access key id a SigV4 Credential can carry: no spaces, slashes or commas (they
   * delimit it), at most 128 characters as in IAM.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void requireAccessKeyId(String accessKeyId) {
    if (accessKeyId.length() > MAX_ACCESS_KEY_ID
        || accessKeyId.chars().anyMatch(c -> c <= ' ' || c == '/' || c == ',' || c == 127)) {
      throw new IllegalArgumentException(
          "has an invalid accessKeyId: at most 128 characters, without spaces, '/' or ','");
    }
  }

  /** The caller a request signed with this principal's access key comes from. */
  public Caller caller() {
    return identity.caller(accessKeyId);
  }

  @Override
  public String toString() {
    return "Principal["
        + (accessKeyId == null ? "" : accessKeyId + " as ")
        + identity.callerArn()
        + ", "
        + policies.size()
        + " policies]";
  }
}

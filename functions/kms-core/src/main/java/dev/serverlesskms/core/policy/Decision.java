package dev.serverlesskms.core.policy;

/**
 * What one policy document says about an {@link AccessRequest}, strongest first: when several
 * statements apply, the strongest wins.
 */
public enum Decision {
  /** A Deny statement applies: nothing else can allow the request. */
  EXPLICIT_DENY,
  /** An Allow statement applies to the caller itself (its ARN, its role, or {@code *}). */
  ALLOW,
  /**
   * An Allow statement applies only through the caller's account ({@code arn:aws:iam::<acct>:root}
   * or the bare account id in a key policy's Principal): the key policy delegates to the account's
   * IAM policies, which must allow the request too. Never returned for identity policies.
   */
  ALLOW_VIA_ACCOUNT,
  /** No statement applies: an implicit deny unless another policy or a grant allows. */
  NOT_ALLOWED;

  /** The stronger of two decisions (the one that wins when both statements apply). */
  public Decision and(Decision other) {
    return ordinal() <= other.ordinal() ? this : other;
  }
}

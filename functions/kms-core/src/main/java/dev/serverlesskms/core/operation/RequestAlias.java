package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.policy.ConditionContext;

/**
 * {@code kms:RequestAlias}: the alias a request named its key by ({@code alias/x}, from an alias
 * name or an alias ARN), absent when it named the key by id or key ARN.
 */
final class RequestAlias {
  private RequestAlias() {}

  static ConditionContext conditions(String keyIdMember) {
    String alias = of(keyIdMember);
    return alias == null
        ? ConditionContext.empty()
        : ConditionContext.builder().put("kms:RequestAlias", alias).build();
  }

  /** The alias name a KeyId member names, or {@code null}. */
  static String of(String keyIdMember) {
    if (keyIdMember == null) {
      return null;
    }
    if (keyIdMember.startsWith("alias/")) {
      return keyIdMember;
    }
    int at = keyIdMember.startsWith("arn:") ? keyIdMember.indexOf(":alias/") : -1;
    return at < 0 ? null : keyIdMember.substring(at + 1);
  }
}

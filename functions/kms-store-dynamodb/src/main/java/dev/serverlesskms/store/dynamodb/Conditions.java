package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.KeyId;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every condition the store puts on a write, in one place: they are what makes a lost race write
 * nothing. All writes are transactions, so a failed condition on any item cancels every item.
 */
final class Conditions {
  private Conditions() {}

  /** Create-once: the item does not exist yet. */
  static Expression absent() {
    return Expression.builder()
        .expression("attribute_not_exists(#pk)")
        .putExpressionName("#pk", KeyTableDefinition.PARTITION_KEY)
        .build();
  }

  /** The item exists (a key's metadata item a grant is created on; a grant being deleted). */
  static Expression present() {
    return Expression.builder()
        .expression("attribute_exists(#pk)")
        .putExpressionName("#pk", KeyTableDefinition.PARTITION_KEY)
        .build();
  }

  /**
   * Optimistic locking: the metadata item is at this revision. Also fails for a missing item (a
   * missing attribute equals no value), so an update or delete never recreates a deleted key.
   */
  static Expression revisionIs(long revision) {
    return Expression.builder()
        .expression("#revision = :expected")
        .putExpressionName("#revision", KeyItem.REVISION)
        .putExpressionValue(":expected", AttributeValue.fromN(Long.toString(revision)))
        .build();
  }

  /** The alias item exists and points at {@code keyId} (nobody moved or deleted it meanwhile). */
  static Expression aliasTargets(KeyId keyId) {
    return Expression.builder()
        .expression("#target = :key")
        .putExpressionName("#target", AliasItem.TARGET)
        .putExpressionValue(":key", AttributeValue.fromS(keyId.value()))
        .build();
  }

  /**
   * The alias item is gone, or still points at {@code keyId}: deleting a key takes only its own
   * aliases.
   */
  static Expression aliasGoneOrTargets(KeyId keyId) {
    return Expression.builder()
        .expression("attribute_not_exists(#pk) OR #target = :key")
        .putExpressionName("#pk", KeyTableDefinition.PARTITION_KEY)
        .putExpressionName("#target", AliasItem.TARGET)
        .putExpressionValue(":key", AttributeValue.fromS(keyId.value()))
        .build();
  }
}

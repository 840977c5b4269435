package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.store.KeyUpdater;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The shape of every operation that changes one key: resolve its {@code KeyId} member (key id or
 * key ARN; AWS takes no alias there), apply one {@link KmsKey} intent under optimistic locking, and
 * note the key for the audit record.
 */
final class KeyChanges {
  private final KeyResolver resolver;
  private final KeyUpdater updater;

  KeyChanges(KeyResolver resolver, KeyUpdater updater) {
    this.resolver = resolver;
    this.updater = updater;
  }

  /**
   * @return the key as stored after the change
   * @throws dev.serverlesskms.core.error.KmsException NotFoundException for an unknown key; the
   *     intent's errors; ThrottlingException for a key too contended to change
   */
  KmsKey apply(String keyIdMember, OperationContext context, UnaryOperator<KmsKey> intent) {
    KeyId keyId = resolver.resolveId(keyIdMember, "keyId", Aliases.NOT_ALLOWED);
    KmsKey changed =
        updater
            .update(keyId, stored -> checkedAsOf(stored, context.now(), intent))
            .orElseThrow(() -> resolver.keyDoesNotExist(keyId));
    context.touched(changed);
    return changed;
  }

  /**
   * Applies {@code intent} to the stored key, once its rules passed on the key as the caller sees
   * it at {@code now} ({@link KmsKey#asOf}): a key whose imported material has just expired refuses
   * what a key pending import refuses (EnableKey, for one), as DescribeKey already shows it. The
   * change is made to the stored key, so that the expiry itself stays the lifecycle job's, with its
   * own audit record. Intents are pure, so running one twice (only in that case) is safe.
   */
  private static KmsKey checkedAsOf(KmsKey stored, Instant now, UnaryOperator<KmsKey> intent) {
    KmsKey seen = stored.asOf(now);
    if (seen != stored) {
      intent.apply(seen);
    }
    return intent.apply(stored);
  }
}

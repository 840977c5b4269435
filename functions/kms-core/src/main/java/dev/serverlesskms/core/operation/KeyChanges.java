package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.store.KeyUpdater;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The shape of every operation that changes one key: resolve its {@code KeyId} member (key id or
 * key ARN; AWS takes no alias there), apply one {@link KmsKey} intent under optimistic locking, and
 * answer from the changed key. The answer is known before the write, so the audit record of the
 * success is committed with the change (see {@link OperationContext#changeRecord}).
 */
final class KeyChanges {
  private final KeyResolver resolver;
  private final KeyUpdater updater;

  KeyChanges(KeyResolver resolver, KeyUpdater updater) {
    this.resolver = resolver;
    this.updater = updater;
  }

  /**
   * @param respond the response, a pure function of the changed key (it is computed for the audit
   *     record before the write, and again from the key as stored)
   * @return the response for the key as stored after the change
   * @throws dev.serverlesskms.core.error.KmsException NotFoundException for an unknown key; the
   *     intent's errors; ThrottlingException for a key too contended to change
   */
  <R extends KmsResponse> R apply(
      String keyIdMember,
      OperationContext context,
      UnaryOperator<KmsKey> intent,
      Function<KmsKey, R> respond) {
    return apply(keyIdMember, context, intent, respond, stored -> {});
  }

  /**
   * {@link #apply}, then {@code afterWrite} with the key as stored: a change of a multi-Region
   * primary's shared properties reaches its replicas that way.
   */
  <R extends KmsResponse> R apply(
      String keyIdMember,
      OperationContext context,
      UnaryOperator<KmsKey> intent,
      Function<KmsKey, R> respond,
      Consumer<KmsKey> afterWrite) {
    KeyId keyId = resolver.resolveId(keyIdMember, "keyId", Aliases.NOT_ALLOWED);
    KmsKey changed =
        updater
            .update(
                keyId,
                stored -> checkedAsOf(stored, context, intent),
                context.changeRecord(respond))
            .orElseThrow(() -> resolver.keyDoesNotExist(keyId));
    context.touched(changed);
    afterWrite.accept(changed);
    return respond.apply(changed);
  }

  /**
   * Applies {@code intent} to the stored key, once its rules passed on the key as the caller sees
   * it at {@code now} ({@link KmsKey#asOf}): a key whose imported material has just expired refuses
   * what a key pending import refuses (EnableKey, for one), as DescribeKey already shows it. The
   * change is made to the stored key, so that the expiry itself stays the lifecycle job's, with its
   * own audit record. Intents are pure, so running one twice (only in that case) is safe.
   *
   * <p>The caller's permission is checked first, on the key as read (its policy), as AWS checks it
   * before the key's state: a caller without permission learns nothing of the state.
   */
  private static KmsKey checkedAsOf(
      KmsKey stored, OperationContext context, UnaryOperator<KmsKey> intent) {
    KmsKey seen = stored.asOf(context.now());
    context.authorize(seen);
    if (seen != stored) {
      intent.apply(seen);
    }
    return intent.apply(stored);
  }
}

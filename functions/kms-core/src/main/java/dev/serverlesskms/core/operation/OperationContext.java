package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.authz.Authorizer;
import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.core.store.ChangeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What an operation knows about the request it serves: the request context, the time it is served
 * at, and, filled in as it goes, the keys it touched (for the audit record's resources).
 *
 * <p>An operation that changes a key or an alias commits the audit record of its success with the
 * change ({@link #successRecord}, then {@link #committed} once the store took both); the {@link
 * Kms} facade then delivers that record instead of writing one of its own.
 */
public final class OperationContext {
  /** Composes the audit record of the request succeeding with a response. */
  @FunctionalInterface
  public interface SuccessEvents {
    AuditEvent of(OperationContext context, KmsResponse response);
  }

  /**
   * Composes the audit record of a change a request makes besides its own, as its own event (the
   * AWS managed key a request's first use of {@code alias/aws/<service>} creates is a CreateKey and
   * a CreateAlias, as CloudTrail records them).
   */
  @FunctionalInterface
  public interface SideEvents {
    AuditEvent of(
        OperationContext context,
        String eventName,
        KmsRequest request,
        KmsResponse response,
        List<String> keyArns);
  }

  private final String operation;
  private final RequestContext request;
  private final Instant now;
  private final SuccessEvents successEvents;
  private final SideEvents sideEvents;
  private final Authorizer authorizer;
  private final Set<String> touchedKeyArns = new LinkedHashSet<>();
  private final List<OutboxRecord> sideRecords = new ArrayList<>();
  private OutboxRecord committed;

  /**
   * @param operation the AWS name of the operation served ({@code Encrypt})
   */
  public OperationContext(
      String operation,
      RequestContext request,
      Instant now,
      SuccessEvents successEvents,
      SideEvents sideEvents,
      Authorizer authorizer) {
    this.operation = operation;
    this.request = request;
    this.now = now;
    this.successEvents = successEvents;
    this.sideEvents = sideEvents;
    this.authorizer = authorizer;
  }

  /**
   * Requires that the caller may take {@code access} (key policy, identity policies, grants). Every
   * operation that acts on a key asks this once it has resolved the key, before it checks the key's
   * state or changes anything, as AWS does.
   *
   * @throws dev.serverlesskms.core.error.KmsException AccessDeniedException
   */
  public void authorize(KeyAccess access) {
    authorizer.requireAllowed(request, now, access);
  }

  /**
   * Whether the caller may take {@code access}, by the evaluation {@link #authorize} makes, without
   * refusing: for a key as it would be (the lockout safety check asks about the key with its new
   * policy).
   */
  public boolean wouldAllow(KeyAccess access) {
    return authorizer.wouldAllow(request, now, access);
  }

  /** {@link #authorize} for {@code kms:<operation>} on the key, which no grant allows. */
  public void authorize(String operation, KmsKey key) {
    authorize(KeyAccess.of(operation, key));
  }

  /** {@link #authorize} for this request's own operation on the key, which no grant allows. */
  public void authorize(KmsKey key) {
    authorize(operation, key);
  }

  /**
   * Requires that an identity policy of the caller allows {@code kms:<operation>}, for operations
   * that act on no key (CreateKey, ListKeys, ListAliases, GenerateRandom).
   */
  public void authorizeAccount(String operation, ConditionContext conditions) {
    authorizer.requireAccountAllows(request, now, "kms:" + operation, "*", conditions);
  }

  /**
   * Requires that an identity policy of the caller allows {@code kms:<operation>} on an alias (an
   * alias has no policy of its own: IAM alone decides, as in AWS).
   */
  public void authorizeOnAlias(String operation, String aliasArn) {
    authorizer.requireAccountAllows(
        request, now, "kms:" + operation, aliasArn, ConditionContext.empty());
  }

  /** The AWS name of the operation served, which is also its IAM action after {@code kms:}. */
  public String operation() {
    return operation;
  }

  /**
   * Requires that the caller may retire {@code grant}: AWS's RetireGrant rule, decided by the grant
   * and the caller's identity policies, not by the key policy ({@link
   * Authorizer#requireMayRetire}).
   *
   * @throws dev.serverlesskms.core.error.KmsException AccessDeniedException
   */
  public void authorizeRetire(Grant grant, KmsKey key) {
    authorizer.requireMayRetire(request, now, grant, key.arn());
  }

  public RequestContext request() {
    return request;
  }

  /** The instant the request is served at: one clock reading per request. */
  public Instant now() {
    return now;
  }

  public void touched(KmsKey key) {
    touchedKeyArns.add(key.arn());
  }

  public void touched(String keyArn) {
    touchedKeyArns.add(keyArn);
  }

  public List<String> touchedKeyArns() {
    return List.copyOf(touchedKeyArns);
  }

  /**
   * The audit record of this request succeeding with {@code response}, to be written with the
   * change that makes it succeed. Note the keys touched first: they are the record's resources.
   */
  public OutboxRecord successRecord(KmsResponse response) {
    return OutboxRecord.of(successEvents.of(this, response));
  }

  /**
   * For a key change whose response follows from the changed key: notes the key as touched and
   * commits the record of the response {@code respond} gives for it.
   */
  public ChangeRecord changeRecord(Function<KmsKey, ? extends KmsResponse> respond) {
    return new ChangeRecord() {
      @Override
      public OutboxRecord of(KmsKey changed) {
        touched(changed);
        return successRecord(respond.apply(changed));
      }

      @Override
      public void committed(OutboxRecord record) {
        OperationContext.this.committed(record);
      }
    };
  }

  /** The store committed {@code record} with this request's change. */
  public void committed(OutboxRecord record) {
    this.committed = record;
  }

  /** The record committed with this request's change, if it made one. */
  public Optional<OutboxRecord> committedRecord() {
    return Optional.ofNullable(committed);
  }

  /**
   * The audit record of a change this request makes besides its own ({@link SideEvents}), to be
   * committed with that change; then tell {@link #sideCommitted}.
   */
  public OutboxRecord sideRecord(
      String eventName, KmsRequest request, KmsResponse response, List<String> keyArns) {
    return OutboxRecord.of(sideEvents.of(this, eventName, request, response, keyArns));
  }

  /** The store committed a {@link #sideRecord} with its change: the facade delivers it. */
  public void sideCommitted(OutboxRecord record) {
    sideRecords.add(record);
  }

  /** The records of the side changes this request committed, in the order it made them. */
  public List<OutboxRecord> sideCommittedRecords() {
    return List.copyOf(sideRecords);
  }
}

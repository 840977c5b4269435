package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.AliasListEntry;
import dev.serverlesskms.core.api.CreateAliasRequest;
import dev.serverlesskms.core.api.DeleteAliasRequest;
import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.ListAliasesRequest;
import dev.serverlesskms.core.api.ListAliasesResponse;
import dev.serverlesskms.core.api.UpdateAliasRequest;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyStateRule;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.Optional;

/**
 * KMS {@code CreateAlias}, {@code UpdateAlias}, {@code DeleteAlias} and {@code ListAliases}.
 *
 * <p>Errors: ValidationException (name rules; a target that is an alias), NotAuthorizedException
 * ({@code alias/aws/}), AlreadyExistsException, NotFoundException, KMSInvalidStateException (target
 * pending deletion), LimitExceededException (50 aliases per key), InvalidMarkerException.
 *
 * <p>Each write commits the audit record of its success with it (the key store's outbox).
 */
final class AliasOperations {
  static final int MAX_ALIASES_PER_KEY = 50;

  private final KeyStore store;
  private final KeyResolver resolver;
  private final KmsLocation location;

  AliasOperations(KeyStore store, KeyResolver resolver, KmsLocation location) {
    this.store = store;
    this.resolver = resolver;
    this.location = location;
  }

  EmptyResponse create(CreateAliasRequest request, OperationContext context) {
    String name = AliasNames.validateCustomerAlias(request.aliasName());
    context.authorizeOnAlias(context.operation(), location.aliasArn(name));
    KmsKey target = targetKey(request.targetKeyId(), context);
    if (store.countAliases(target.keyId()) >= MAX_ALIASES_PER_KEY) {
      throw KmsException.of(
          KmsErrorType.LIMIT_EXCEEDED,
          "A key can have at most " + MAX_ALIASES_PER_KEY + " aliases: " + target.arn());
    }
    try {
      OutboxRecord record = context.successRecord(EmptyResponse.INSTANCE);
      store.createAlias(new Alias(name, target.keyId(), context.now(), context.now()), record);
      context.committed(record);
    } catch (StoreConflictException e) {
      throw KmsException.of(
          KmsErrorType.ALREADY_EXISTS,
          "An alias with the name " + location.aliasArn(name) + " already exists");
    }
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse update(UpdateAliasRequest request, OperationContext context) {
    String name = AliasNames.validateCustomerAlias(request.aliasName());
    context.authorizeOnAlias(context.operation(), location.aliasArn(name));
    KmsKey target = targetKey(request.targetKeyId(), context);
    Alias alias = store.findAlias(name).orElseThrow(() -> resolver.aliasNotFound(name));
    KmsKey current = resolver.find(alias.targetKeyId(), context.now()).orElse(null);
    if (current != null) {
      // Moving an alias takes kms:UpdateAlias on the key it leaves too, as in AWS.
      context.authorize(current);
    }
    if (current != null
        && (current.keySpec() != target.keySpec() || current.keyUsage() != target.keyUsage())) {
      throw Validation.plain(
          "An alias can only point to a key of the same key spec and key usage as its current key.");
    }
    try {
      OutboxRecord record = context.successRecord(EmptyResponse.INSTANCE);
      store.updateAlias(alias.retarget(target.keyId(), context.now()), record);
      context.committed(record);
    } catch (StoreConflictException e) {
      throw resolver.aliasNotFound(name);
    }
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse delete(DeleteAliasRequest request, OperationContext context) {
    String name = AliasNames.validateCustomerAlias(request.aliasName());
    context.authorizeOnAlias(context.operation(), location.aliasArn(name));
    Optional<KmsKey> target =
        store.findAlias(name).flatMap(a -> resolver.find(a.targetKeyId(), context.now()));
    target.ifPresent(
        key -> {
          context.touched(key);
          context.authorize(key);
        });
    OutboxRecord record = context.successRecord(EmptyResponse.INSTANCE);
    if (!store.deleteAlias(name, record)) {
      throw resolver.aliasNotFound(name);
    }
    context.committed(record);
    return EmptyResponse.INSTANCE;
  }

  ListAliasesResponse list(ListAliasesRequest request, OperationContext context) {
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    int limit = Paging.limit(request.limit(), 50, 1000);
    String marker = Paging.marker(request.marker());
    KeyId keyId = null;
    if (request.keyId() != null) {
      KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
      context.touched(key);
      keyId = key.keyId();
    }
    KeyId filter = keyId;
    Page<Alias> page = Paging.list(() -> store.listAliases(filter, marker, limit));
    return new ListAliasesResponse(
        page.items().stream()
            .map(
                a ->
                    new AliasListEntry(
                        a.aliasName(),
                        location.aliasArn(a.aliasName()),
                        a.targetKeyId().value(),
                        a.creationDate(),
                        a.lastUpdatedDate()))
            .toList(),
        page.nextCursor(),
        page.truncated());
  }

  /** The key an alias may point at: named by key id or key ARN, not pending deletion. */
  private KmsKey targetKey(String targetKeyId, OperationContext context) {
    Validation.required(targetKeyId, "targetKeyId");
    if (targetKeyId.startsWith("alias/") || targetKeyId.contains(":alias/")) {
      throw Validation.plain("Aliases must refer to keys. Not aliases");
    }
    KmsKey target =
        resolver.resolve(targetKeyId, "targetKeyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(target);
    context.authorize(target);
    KeyStateRule.MANAGE.check(target);
    return target;
  }
}

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
import dev.serverlesskms.core.model.KeyStateRule;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * KMS {@code CreateAlias}, {@code UpdateAlias}, {@code DeleteAlias} and {@code ListAliases}.
 *
 * <p>Errors: ValidationException (name rules; a target that is an alias), NotAuthorizedException
 * ({@code alias/aws/}), AlreadyExistsException, NotFoundException, KMSInvalidStateException (target
 * pending deletion), LimitExceededException (the quota of aliases per key; AWS: 50),
 * InvalidMarkerException.
 *
 * <p>Each write commits the audit record of its success with it (the key store's outbox).
 */
final class AliasOperations {
  private final KeyStore store;
  private final KeyResolver resolver;
  private final KmsLocation location;
  private final int aliasesPerKey;

  /**
   * @param aliasesPerKey the quota of aliases per key ({@code env.quotas()}; AWS: 50)
   */
  AliasOperations(KeyStore store, KeyResolver resolver, KmsLocation location, int aliasesPerKey) {
    this.store = store;
    this.resolver = resolver;
    this.location = location;
    this.aliasesPerKey = aliasesPerKey;
  }

  EmptyResponse create(CreateAliasRequest request, OperationContext context) {
    String name = AliasNames.validateCustomerAlias(request.aliasName());
    context.authorizeOnAlias(context.operation(), location.aliasArn(name));
    KmsKey target = targetKey(request.targetKeyId(), "CreateAlias", context);
    if (store.countAliases(target.keyId()) >= aliasesPerKey) {
      throw KmsException.of(
          KmsErrorType.LIMIT_EXCEEDED,
          "A key can have at most " + aliasesPerKey + " aliases: " + target.arn());
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
    KmsKey target = targetKey(request.targetKeyId(), "UpdateAlias", context);
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

  /**
   * ListAliases. The aliases of one key; or every alias: the store's by name, then, as AWS lists
   * them, the predefined {@code alias/aws/<service>} aliases whose AWS managed key does not exist
   * yet, without {@code TargetKeyId} (their names are checked on the listing's last page, one read
   * each).
   */
  ListAliasesResponse list(ListAliasesRequest request, OperationContext context) {
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    int limit = Paging.limit(request.limit(), 50, 1000);
    String marker = Paging.marker(request.marker());
    if (request.keyId() != null) {
      KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
      context.touched(key);
      Page<Alias> page = Paging.list(() -> store.listAliases(key.keyId(), marker, limit));
      return new ListAliasesResponse(entries(page.items()), page.nextCursor(), page.truncated());
    }
    List<AliasListEntry> entries = new ArrayList<>();
    int predefinedFrom = PredefinedMarker.index(marker);
    if (predefinedFrom < 0) {
      Page<Alias> page = Paging.list(() -> store.listAliases(null, marker, limit));
      entries.addAll(entries(page.items()));
      if (page.nextCursor() != null) {
        return new ListAliasesResponse(entries, page.nextCursor(), true);
      }
      predefinedFrom = 0;
    }
    List<String> waiting =
        AwsManagedKeys.SERVICES.stream()
            .map(AwsManagedKeys.Service::aliasName)
            .filter(name -> store.findAlias(name).isEmpty())
            .toList();
    int from = Math.min(predefinedFrom, waiting.size());
    int to = Math.min(waiting.size(), from + limit - entries.size());
    waiting
        .subList(from, to)
        .forEach(
            name ->
                entries.add(new AliasListEntry(name, location.aliasArn(name), null, null, null)));
    boolean truncated = to < waiting.size();
    return new ListAliasesResponse(entries, truncated ? PredefinedMarker.of(to) : null, truncated);
  }

  private List<AliasListEntry> entries(List<Alias> aliases) {
    return aliases.stream()
        .map(
            a ->
                new AliasListEntry(
                    a.aliasName(),
                    location.aliasArn(a.aliasName()),
                    a.targetKeyId().value(),
                    a.creationDate(),
                    a.lastUpdatedDate()))
        .toList();
  }

  /**
   * The marker of a listing that reached the predefined aliases: their index, in a form no store
   * cursor takes (a store's cursor given here is the store's to judge).
   */
  private static final class PredefinedMarker {
    private static final String PREFIX = "predefined-aliases:";

    static String of(int index) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((PREFIX + index).getBytes(StandardCharsets.UTF_8));
    }

    /** The index a marker of this kind holds, or -1 for any other marker (or none). */
    static int index(String marker) {
      if (marker == null) {
        return -1;
      }
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        if (decoded.startsWith(PREFIX)) {
          int index = Integer.parseInt(decoded.substring(PREFIX.length()));
          if (index >= 0) {
            return index;
          }
        }
      } catch (IllegalArgumentException e) {
        // not one of these: the store's cursor, or junk the store refuses
      }
      return -1;
    }
  }

  /**
   * The key an alias may point at: named by key id or key ARN, customer managed (an AWS managed
   * key's aliases are AWS's), not pending deletion.
   */
  private KmsKey targetKey(String targetKeyId, String operation, OperationContext context) {
    Validation.required(targetKeyId, "targetKeyId");
    if (targetKeyId.startsWith("alias/") || targetKeyId.contains(":alias/")) {
      throw Validation.plain("Aliases must refer to keys. Not aliases");
    }
    KmsKey target =
        resolver.resolve(targetKeyId, "targetKeyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(target);
    context.authorize(target);
    target.requireCustomerManaged(operation);
    KeyStateRule.MANAGE.check(target);
    return target;
  }
}

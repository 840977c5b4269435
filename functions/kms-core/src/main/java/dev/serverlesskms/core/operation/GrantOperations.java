package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.CreateGrantRequest;
import dev.serverlesskms.core.api.CreateGrantResponse;
import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.GrantListEntry;
import dev.serverlesskms.core.api.ListGrantsRequest;
import dev.serverlesskms.core.api.ListGrantsResponse;
import dev.serverlesskms.core.api.ListRetirableGrantsRequest;
import dev.serverlesskms.core.api.RetireGrantRequest;
import dev.serverlesskms.core.api.RevokeGrantRequest;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.GrantToken;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyStateRule;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KMS {@code CreateGrant}, {@code ListGrants}, {@code ListRetirableGrants}, {@code RetireGrant} and
 * {@code RevokeGrant}.
 *
 * <p>Errors: ValidationException (member rules, operations the key's type cannot do, encryption
 * context constraints on a key that takes no context, a service grantee without SourceArn or
 * retiring principal), InvalidArnException (a principal that is none), InvalidGrantIdException,
 * InvalidGrantTokenException, InvalidMarkerException, NotFoundException (key, grant),
 * AccessDeniedException, DisabledException and KMSInvalidStateException (CreateGrant follows the
 * key-state row of the cryptographic operations; the others work in every state),
 * LimitExceededException (the quota of grants per key; AWS: 50,000), DryRunOperationException.
 *
 * <p>Authorization: CreateGrant needs kms:CreateGrant, with the condition keys of the grant
 * (kms:GrantOperations, kms:GranteePrincipal, kms:RetiringPrincipal, kms:GrantIsForAWSResource,
 * kms:GrantConstraintType, and kms:EncryptionContext:* of its constraint pairs), or a grant that
 * allows CreateGrant and covers the new one; ListGrants kms:ListGrants (kms:GranteePrincipal of the
 * filter); RevokeGrant kms:RevokeGrant; ListRetirableGrants is IAM-only; RetireGrant follows the
 * grant ({@link OperationContext#authorizeRetire}).
 *
 * <p>CreateGrant with a {@code Name} is idempotent: a grant on the key with the same name and the
 * same parameters is answered with its id and a new token, and nothing is written. Each write
 * commits the audit record of its success with it (the key store's outbox).
 */
final class GrantOperations {
  private final KeyStore store;
  private final KeyResolver resolver;
  private final KmsLocation location;
  private final int grantsPerKey;

  /**
   * @param grantsPerKey the quota of grants per key ({@code env.quotas()}; AWS: 50,000)
   */
  GrantOperations(KeyStore store, KeyResolver resolver, KmsLocation location, int grantsPerKey) {
    this.store = store;
    this.resolver = resolver;
    this.location = location;
    this.grantsPerKey = grantsPerKey;
  }

  CreateGrantResponse create(CreateGrantRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    GrantRequests.notBoth(
        request.granteePrincipal(),
        request.granteeServicePrincipal(),
        "GranteePrincipal",
        "GranteeServicePrincipal");
    if (request.granteePrincipal() == null && request.granteeServicePrincipal() == null) {
      throw Validation.plain(
          "You must specify either GranteePrincipal or GranteeServicePrincipal.");
    }
    GrantRequests.notBoth(
        request.retiringPrincipal(),
        request.retiringServicePrincipal(),
        "RetiringPrincipal",
        "RetiringServicePrincipal");
    String grantee = GrantRequests.principal(request.granteePrincipal(), "granteePrincipal");
    String granteeService =
        GrantRequests.servicePrincipal(
            request.granteeServicePrincipal(), "granteeServicePrincipal");
    String retiring = GrantRequests.principal(request.retiringPrincipal(), "retiringPrincipal");
    String retiringService =
        GrantRequests.servicePrincipal(
            request.retiringServicePrincipal(), "retiringServicePrincipal");
    List<GrantOperation> operations = GrantRequests.operations(request.operations());
    GrantConstraints constraints = GrantRequests.constraints(request.constraints());
    String name = GrantRequests.name(request.name());
    Validation.grantTokens(request.grantTokens());
    if (granteeService != null) {
      if (constraints == null || constraints.sourceArn() == null) {
        throw Validation.plain(
            "When you specify a GranteeServicePrincipal, you must also specify a SourceArn grant"
                + " constraint.");
      }
      if (retiring == null && retiringService == null) {
        throw Validation.plain(
            "When you specify a GranteeServicePrincipal, you must also specify a RetiringPrincipal"
                + " or a RetiringServicePrincipal.");
      }
    }

    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    for (GrantOperation operation : operations) {
      if (!operation.supportedOn(key.keySpec(), key.keyUsage())) {
        throw Validation.plain(
            "The operation "
                + operation
                + " is not supported for a KMS key with KeySpec "
                + key.keySpec()
                + " and KeyUsage "
                + key.keyUsage()
                + ".");
      }
    }
    if (constraints != null
        && constraints.constrainsEncryptionContext()
        && key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
      throw Validation.plain(
          "Encryption context grant constraints are supported only on symmetric encryption KMS"
              + " keys.");
    }
    Grant requested =
        new Grant(
            Grant.newId(),
            key.keyId(),
            name,
            grantee,
            granteeService,
            retiring,
            retiringService,
            operations,
            constraints,
            location.accountRootArn(),
            context.now());
    context.authorize(
        KeyAccess.creatingGrant(
            key, createConditions(requested, context), request.grantTokens(), requested));
    KeyStateRule.USE.check(key);
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }

    if (name != null) {
      Optional<Grant> existing =
          store.findGrants(key.keyId(), requested.granteeScope()).stream()
              .filter(grant -> grant.sameRequestAs(requested))
              .findFirst();
      if (existing.isPresent()) {
        return new CreateGrantResponse(GrantToken.issue(existing.get()), existing.get().grantId());
      }
    }
    // The store's per-key counter: one read, however many grants the key has.
    if (store.countGrants(key.keyId()) >= grantsPerKey) {
      throw KmsException.of(
          KmsErrorType.LIMIT_EXCEEDED,
          "A key can have at most " + grantsPerKey + " grants: " + key.arn());
    }
    CreateGrantResponse response =
        new CreateGrantResponse(GrantToken.issue(requested), requested.grantId());
    OutboxRecord record = context.successRecord(response);
    try {
      store.createGrant(requested, record);
    } catch (StoreConflictException e) {
      // the key was deleted meanwhile (a grant id never repeats)
      throw resolver.keyDoesNotExist(key.keyId());
    }
    context.committed(record);
    return response;
  }

  ListGrantsResponse list(ListGrantsRequest request, OperationContext context) {
    int limit = Paging.limit(request.limit(), 50, 1000);
    String marker = Paging.marker(request.marker());
    Validation.required(request.keyId(), "keyId");
    String grantId = GrantRequests.grantId(request.grantId());
    GrantRequests.notBoth(
        request.granteePrincipal(),
        request.granteeServicePrincipal(),
        "GranteePrincipal",
        "GranteeServicePrincipal");
    String grantee =
        request.granteePrincipal() != null
            ? GrantRequests.principal(request.granteePrincipal(), "granteePrincipal")
            : GrantRequests.servicePrincipal(
                request.granteeServicePrincipal(), "granteeServicePrincipal");

    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    ConditionContext.Builder conditions = ConditionContext.builder();
    if (request.granteePrincipal() != null) {
      conditions.put("kms:GranteePrincipal", grantee);
    }
    context.authorize(KeyAccess.of("ListGrants", key, conditions.build()));

    Page<Grant> page;
    if (grantId != null) {
      page =
          new Page<>(
              store.findGrant(key.keyId(), grantId).stream()
                  .filter(grant -> grantee == null || grantee.equals(grant.grantee()))
                  .toList(),
              null);
    } else {
      page = Paging.list(() -> store.listGrants(key.keyId(), grantee, marker, limit));
    }
    return response(page);
  }

  ListGrantsResponse listRetirable(ListRetirableGrantsRequest request, OperationContext context) {
    int limit = Paging.limit(request.limit(), 50, 1000);
    String marker = Paging.marker(request.marker());
    GrantRequests.notBoth(
        request.retiringPrincipal(),
        request.retiringServicePrincipal(),
        "RetiringPrincipal",
        "RetiringServicePrincipal");
    String retiree =
        request.retiringServicePrincipal() != null
            ? GrantRequests.servicePrincipal(
                request.retiringServicePrincipal(), "retiringServicePrincipal")
            : GrantRequests.principal(
                Validation.required(request.retiringPrincipal(), "retiringPrincipal"),
                "retiringPrincipal");
    context.authorizeAccount("ListRetirableGrants", ConditionContext.empty());
    return response(Paging.list(() -> store.listRetirableGrants(retiree, marker, limit)));
  }

  EmptyResponse retire(RetireGrantRequest request, OperationContext context) {
    Validation.length(request.grantToken(), 1, 8192, "grantToken");
    String grantId = GrantRequests.grantId(request.grantId());
    KeyId keyId;
    if (request.grantToken() != null) {
      GrantToken token = GrantToken.parse(request.grantToken());
      if (grantId != null && !grantId.equals(token.grantId())) {
        throw Validation.plain("The GrantId does not match the grant the GrantToken names.");
      }
      if (request.keyId() != null
          && !resolver
              .resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED)
              .equals(token.keyId())) {
        throw Validation.plain("The KeyId does not match the grant the GrantToken names.");
      }
      keyId = token.keyId();
      grantId = token.grantId();
    } else {
      if (request.keyId() == null || grantId == null) {
        throw Validation.plain("Either GrantToken, or KeyId and GrantId, must be specified.");
      }
      keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    }
    KeyId grantKey = keyId;
    KmsKey key =
        resolver.find(keyId, context.now()).orElseThrow(() -> resolver.keyDoesNotExist(grantKey));
    context.touched(key);
    String id = grantId;
    Grant grant = store.findGrant(keyId, id).orElseThrow(() -> GrantRequests.grantNotFound(id));
    context.authorizeRetire(grant, key);
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    return delete(grant, context);
  }

  EmptyResponse revoke(RevokeGrantRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    String grantId = GrantRequests.grantId(Validation.required(request.grantId(), "grantId"));
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    context.authorize("RevokeGrant", key);
    Grant grant =
        store
            .findGrant(key.keyId(), grantId)
            .orElseThrow(() -> GrantRequests.grantNotFound(grantId));
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    return delete(grant, context);
  }

  private EmptyResponse delete(Grant grant, OperationContext context) {
    OutboxRecord record = context.successRecord(EmptyResponse.INSTANCE);
    if (!store.deleteGrant(grant.keyId(), grant.grantId(), record)) {
      // retired or revoked by another request meanwhile
      throw GrantRequests.grantNotFound(grant.grantId());
    }
    context.committed(record);
    return EmptyResponse.INSTANCE;
  }

  /** The condition keys of a CreateGrant request, which key and identity policies may test. */
  private static ConditionContext createConditions(Grant grant, OperationContext context) {
    ConditionContext.Builder conditions =
        ConditionContext.builder()
            .put(
                "kms:GrantOperations",
                grant.operations().stream().map(GrantOperation::name).toList())
            .put(
                "kms:GrantIsForAWSResource",
                Boolean.toString("AWSService".equals(context.request().caller().type())));
    if (grant.granteePrincipal() != null) {
      conditions.put("kms:GranteePrincipal", grant.granteePrincipal());
    }
    if (grant.retiringPrincipal() != null) {
      conditions.put("kms:RetiringPrincipal", grant.retiringPrincipal());
    }
    GrantConstraints constraints = grant.constraints();
    if (constraints != null && constraints.constrainsEncryptionContext()) {
      List<String> types = new ArrayList<>();
      Map<String, String> pairs = new LinkedHashMap<>();
      if (constraints.encryptionContextEquals() != null) {
        types.add("EncryptionContextEquals");
        pairs.putAll(constraints.encryptionContextEquals());
      }
      if (constraints.encryptionContextSubset() != null) {
        types.add("EncryptionContextSubset");
        pairs.putAll(constraints.encryptionContextSubset());
      }
      conditions.put("kms:GrantConstraintType", types);
      pairs.forEach((k, v) -> conditions.put("kms:EncryptionContext:" + k, v));
      conditions.put("kms:EncryptionContextKeys", List.copyOf(pairs.keySet()));
    }
    return conditions.build();
  }

  private ListGrantsResponse response(Page<Grant> page) {
    return new ListGrantsResponse(
        page.items().stream().map(this::entry).toList(), page.nextCursor(), page.truncated());
  }

  private GrantListEntry entry(Grant grant) {
    return new GrantListEntry(
        location.keyArn(grant.keyId()),
        grant.grantId(),
        grant.name() == null ? "" : grant.name(),
        grant.creationDate(),
        grant.granteePrincipal(),
        grant.retiringPrincipal(),
        grant.issuingAccount(),
        grant.operations(),
        grant.constraints(),
        grant.granteeServicePrincipal(),
        grant.retiringServicePrincipal());
  }
}

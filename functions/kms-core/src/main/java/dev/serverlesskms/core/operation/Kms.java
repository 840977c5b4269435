package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.audit.AuditRelay;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.authz.Authorizer;
import dev.serverlesskms.core.authz.StoredGrantAuthority;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.core.store.KeyUpdater;
import dev.serverlesskms.core.usage.KeyLastUsageTracker;
import dev.serverlesskms.core.usage.TrackedOperations;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The KMS: every operation, by name and typed, each call audited (allowed or denied) before its
 * result is returned. Transports (the wire endpoint, the Funqy functions, the event-driven
 * functions) all call through here, so they behave the same.
 *
 * <p>How a request is audited depends on whether it changed anything:
 *
 * <ul>
 *   <li>A request that changed a key or an alias committed its audit record with the change (the
 *       key store's outbox). It has succeeded once the store took both, whatever the audit sink
 *       does: the record is handed to the sink by the {@link AuditRelay}, at once or, if the sink
 *       is down, by a later drain. So a caller is never told "not completed" about a change that
 *       happened, and no change exists without its record.
 *   <li>Every other request (reads, cryptographic operations, refusals, failed writes, changes that
 *       changed nothing) is recorded straight to the sink, fail-closed: if the sink refuses the
 *       record, the request fails without its result.
 *   <li>A request that creates an AWS managed key on the first use of its alias (any operation that
 *       accepts aliases) commits the CreateKey and CreateAlias records of that with the key and the
 *       alias; they are delivered like the records of changes, whatever becomes of the request
 *       itself.
 * </ul>
 *
 * Before each request that may change something, records left pending (the sink was down) are
 * drained if the sink takes them again.
 *
 * <p>Each request runs in its region ({@link RequestContext#regionOr}, the KMS's default region
 * when it names none): its operations, key resolution, authorization and audit record all see that
 * region's {@link KmsEnvironment#inRegion environment}, so each region is its own key space and its
 * ARNs and {@code awsRegion} name it. The typed bindings of this class are the default region's;
 * {@link #invoke} runs the same operation of the request's region, whose graph is built on first
 * use ({@link RegionGraphs}). The audit relay (the outbox is shared) is one for all.
 *
 * <p>Failures the caller did not cause are mapped once, here: a store outage becomes
 * DependencyTimeoutException, an audit outage or any other surprise KMSInternalException. Their
 * causes go to the server log with the request id; never to the caller.
 */
public final class Kms {
  private static final System.Logger LOG = System.getLogger(Kms.class.getName());

  /** The region this graph of operations serves. */
  private final String region;

  /** The other regions' graphs; {@code null} in such a graph. */
  private final RegionGraphs<Kms> otherRegions;

  private final Clock clock;
  private final AuditRecorder audit;
  private final AuditRelay relay;
  private final Authorizer authorizer;
  private final KeyLastUsageTracker keyLastUsage;
  private final Map<String, OperationBinding<?, ?>> operations = new LinkedHashMap<>();

  public final OperationBinding<CreateKeyRequest, CreateKeyResponse> createKey;
  public final OperationBinding<DescribeKeyRequest, DescribeKeyResponse> describeKey;
  public final OperationBinding<ListKeysRequest, ListKeysResponse> listKeys;
  public final OperationBinding<UpdateKeyDescriptionRequest, EmptyResponse> updateKeyDescription;
  public final OperationBinding<EnableKeyRequest, EmptyResponse> enableKey;
  public final OperationBinding<DisableKeyRequest, EmptyResponse> disableKey;
  public final OperationBinding<EncryptRequest, EncryptResponse> encrypt;
  public final OperationBinding<DecryptRequest, DecryptResponse> decrypt;
  public final OperationBinding<ReEncryptRequest, ReEncryptResponse> reEncrypt;
  public final OperationBinding<SignRequest, SignResponse> sign;
  public final OperationBinding<VerifyRequest, VerifyResponse> verify;
  public final OperationBinding<GetPublicKeyRequest, GetPublicKeyResponse> getPublicKey;
  public final OperationBinding<GenerateDataKeyRequest, GenerateDataKeyResponse> generateDataKey;
  public final OperationBinding<
          GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse>
      generateDataKeyWithoutPlaintext;
  public final OperationBinding<GenerateRandomRequest, GenerateRandomResponse> generateRandom;
  public final OperationBinding<GenerateMacRequest, GenerateMacResponse> generateMac;
  public final OperationBinding<VerifyMacRequest, VerifyMacResponse> verifyMac;
  public final OperationBinding<GenerateDataKeyPairRequest, GenerateDataKeyPairResponse>
      generateDataKeyPair;
  public final OperationBinding<
          GenerateDataKeyPairWithoutPlaintextRequest, GenerateDataKeyPairWithoutPlaintextResponse>
      generateDataKeyPairWithoutPlaintext;
  public final OperationBinding<DeriveSharedSecretRequest, DeriveSharedSecretResponse>
      deriveSharedSecret;
  public final OperationBinding<CreateAliasRequest, EmptyResponse> createAlias;
  public final OperationBinding<UpdateAliasRequest, EmptyResponse> updateAlias;
  public final OperationBinding<DeleteAliasRequest, EmptyResponse> deleteAlias;
  public final OperationBinding<ListAliasesRequest, ListAliasesResponse> listAliases;
  public final OperationBinding<TagResourceRequest, EmptyResponse> tagResource;
  public final OperationBinding<UntagResourceRequest, EmptyResponse> untagResource;
  public final OperationBinding<ListResourceTagsRequest, ListResourceTagsResponse> listResourceTags;
  public final OperationBinding<EnableKeyRotationRequest, EmptyResponse> enableKeyRotation;
  public final OperationBinding<DisableKeyRotationRequest, EmptyResponse> disableKeyRotation;
  public final OperationBinding<GetKeyRotationStatusRequest, GetKeyRotationStatusResponse>
      getKeyRotationStatus;
  public final OperationBinding<RotateKeyOnDemandRequest, RotateKeyOnDemandResponse>
      rotateKeyOnDemand;
  public final OperationBinding<ListKeyRotationsRequest, ListKeyRotationsResponse> listKeyRotations;
  public final OperationBinding<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse>
      scheduleKeyDeletion;
  public final OperationBinding<CancelKeyDeletionRequest, CancelKeyDeletionResponse>
      cancelKeyDeletion;
  public final OperationBinding<GetParametersForImportRequest, GetParametersForImportResponse>
      getParametersForImport;
  public final OperationBinding<ImportKeyMaterialRequest, ImportKeyMaterialResponse>
      importKeyMaterial;
  public final OperationBinding<DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse>
      deleteImportedKeyMaterial;
  public final OperationBinding<CreateGrantRequest, CreateGrantResponse> createGrant;
  public final OperationBinding<ListGrantsRequest, ListGrantsResponse> listGrants;
  public final OperationBinding<ListRetirableGrantsRequest, ListGrantsResponse> listRetirableGrants;
  public final OperationBinding<RetireGrantRequest, EmptyResponse> retireGrant;
  public final OperationBinding<RevokeGrantRequest, EmptyResponse> revokeGrant;
  public final OperationBinding<GetKeyPolicyRequest, GetKeyPolicyResponse> getKeyPolicy;
  public final OperationBinding<PutKeyPolicyRequest, EmptyResponse> putKeyPolicy;
  public final OperationBinding<ListKeyPoliciesRequest, ListKeyPoliciesResponse> listKeyPolicies;
  public final OperationBinding<CreateCustomKeyStoreRequest, CreateCustomKeyStoreResponse>
      createCustomKeyStore;
  public final OperationBinding<DescribeCustomKeyStoresRequest, DescribeCustomKeyStoresResponse>
      describeCustomKeyStores;
  public final OperationBinding<ConnectCustomKeyStoreRequest, EmptyResponse> connectCustomKeyStore;
  public final OperationBinding<DisconnectCustomKeyStoreRequest, EmptyResponse>
      disconnectCustomKeyStore;
  public final OperationBinding<UpdateCustomKeyStoreRequest, EmptyResponse> updateCustomKeyStore;
  public final OperationBinding<DeleteCustomKeyStoreRequest, EmptyResponse> deleteCustomKeyStore;
  public final OperationBinding<GetKeyLastUsageRequest, GetKeyLastUsageResponse> getKeyLastUsage;
  public final OperationBinding<ReplicateKeyRequest, ReplicateKeyResponse> replicateKey;
  public final OperationBinding<UpdatePrimaryRegionRequest, EmptyResponse> updatePrimaryRegion;

  /** A KMS whose callers have no identity policies: key policies, grants and roots decide. */
  public Kms(KmsEnvironment env, AuditSink auditSink) {
    this(env, auditSink, IdentityPolicies.none());
  }

  /**
   * @param identityPolicies the identity (IAM) policies of callers
   */
  public Kms(KmsEnvironment env, AuditSink auditSink, IdentityPolicies identityPolicies) {
    this(env, auditSink, identityPolicies, true);
  }

  /**
   * @param identityPolicies the identity (IAM) policies of callers
   * @param createAwsManagedKeysOnFirstUse whether a request that names a predefined {@code
   *     alias/aws/<service>} without a key creates its AWS managed key, as AWS does; off for a KMS
   *     that may not write (a data-plane Lambda with read-only access to the table), which answers
   *     NotFoundException for such an alias until a KMS that may write has created the key
   */
  public Kms(
      KmsEnvironment env,
      AuditSink auditSink,
      IdentityPolicies identityPolicies,
      boolean createAwsManagedKeysOnFirstUse) {
    this(
        env,
        auditSink,
        identityPolicies,
        createAwsManagedKeysOnFirstUse,
        KeyLastUsageTracker.Settings.DEFAULTS);
  }

  /**
   * @param keyLastUsage how the last use of keys is kept in memory and saved ({@link
   *     #keyLastUsage})
   */
  public Kms(
      KmsEnvironment env,
      AuditSink auditSink,
      IdentityPolicies identityPolicies,
      boolean createAwsManagedKeysOnFirstUse,
      KeyLastUsageTracker.Settings keyLastUsage) {
    this(
        env,
        auditSink,
        identityPolicies,
        createAwsManagedKeysOnFirstUse,
        null,
        new KeyLastUsageTracker(
            (region, usages) -> env.store().inRegion(region).saveKeyLastUsage(usages),
            env.clock(),
            keyLastUsage));
  }

  /**
   * The graph of operations of {@code env}'s region.
   *
   * @param sharedRelay the relay of the KMS whose other region this graph serves; {@code null} for
   *     the KMS callers hold (the default region's graph, which builds the others on demand)
   * @param keyLastUsage the record of last uses, one for every region's graph
   */
  private Kms(
      KmsEnvironment env,
      AuditSink auditSink,
      IdentityPolicies identityPolicies,
      boolean createAwsManagedKeysOnFirstUse,
      AuditRelay sharedRelay,
      KeyLastUsageTracker keyLastUsage) {
    this.keyLastUsage = keyLastUsage;
    this.region = env.location().region();
    this.relay = sharedRelay != null ? sharedRelay : new AuditRelay(env.store(), auditSink);
    AuditRelay relayOfAll = this.relay;
    this.otherRegions =
        sharedRelay != null
            ? null
            : new RegionGraphs<>(
                other ->
                    new Kms(
                        env.inRegion(other),
                        auditSink,
                        identityPolicies,
                        createAwsManagedKeysOnFirstUse,
                        relayOfAll,
                        keyLastUsage));
    this.clock = env.clock();
    this.authorizer =
        new Authorizer(
            env.location(),
            identityPolicies,
            new StoredGrantAuthority(env.store()),
            key -> aliasNames(env, key));
    this.audit = new AuditRecorder(auditSink, env.location());
    KeyResolver resolver =
        new KeyResolver(
            env.location(), env.store(), new AwsManagedKeys(env, createAwsManagedKeysOnFirstUse));
    KeyChanges changes = new KeyChanges(resolver, new KeyUpdater(env.store()));
    CustomKeyStores customKeyStores = new CustomKeyStores(env.store(), env.hsm());
    SymmetricCrypto crypto =
        new SymmetricCrypto(resolver, env.enclave(), customKeyStores, env.hsm());
    AsymmetricCrypto asymmetric = new AsymmetricCrypto(resolver, env.enclave());
    AliasOperations aliases =
        new AliasOperations(env.store(), resolver, env.location(), env.quotas().aliasesPerKey());
    TagOperations tags = new TagOperations(resolver, changes);
    MultiRegionOperations multiRegion = new MultiRegionOperations(env, resolver);
    RotationOperations rotation =
        new RotationOperations(resolver, changes, env.enclave(), multiRegion);
    DeletionOperations deletion = new DeletionOperations(changes);
    ImportOperations imports = new ImportOperations(resolver, changes, env.enclave());
    GrantOperations grants =
        new GrantOperations(env.store(), resolver, env.location(), env.quotas().grantsPerKey());
    KeyPolicyOperations policies = new KeyPolicyOperations(resolver, changes);

    createKey = bind("CreateKey", CreateKeyRequest.class, false, new CreateKeyOperation(env));
    describeKey =
        bind(
            "DescribeKey",
            DescribeKeyRequest.class,
            true,
            new DescribeKeyOperation(resolver, env.location(), customKeyStores));
    listKeys =
        bind(
            "ListKeys",
            ListKeysRequest.class,
            true,
            new ListKeysOperation(env.store(), env.location()));
    updateKeyDescription =
        bind(
            "UpdateKeyDescription",
            UpdateKeyDescriptionRequest.class,
            false,
            (request, context) -> {
              Validation.required(request.description(), "description");
              Validation.length(request.description(), 0, 8192, "description");
              return changes.apply(
                  request.keyId(),
                  context,
                  key -> key.updateDescription(request.description()),
                  key -> EmptyResponse.INSTANCE);
            });
    enableKey =
        bind(
            "EnableKey",
            EnableKeyRequest.class,
            false,
            (request, context) -> {
              return changes.apply(
                  request.keyId(), context, KmsKey::enable, key -> EmptyResponse.INSTANCE);
            });
    disableKey =
        bind(
            "DisableKey",
            DisableKeyRequest.class,
            false,
            (request, context) -> {
              return changes.apply(
                  request.keyId(), context, KmsKey::disable, key -> EmptyResponse.INSTANCE);
            });
    encrypt = bind("Encrypt", EncryptRequest.class, true, new EncryptOperation(crypto, asymmetric));
    decrypt = bind("Decrypt", DecryptRequest.class, true, new DecryptOperation(crypto, asymmetric));
    reEncrypt =
        bind("ReEncrypt", ReEncryptRequest.class, true, new ReEncryptOperation(crypto, asymmetric));
    sign = bind("Sign", SignRequest.class, true, new SignOperation(asymmetric));
    verify = bind("Verify", VerifyRequest.class, true, new VerifyOperation(asymmetric));
    getPublicKey =
        bind(
            "GetPublicKey", GetPublicKeyRequest.class, true, new GetPublicKeyOperation(asymmetric));
    generateDataKey =
        bind(
            "GenerateDataKey",
            GenerateDataKeyRequest.class,
            true,
            new GenerateDataKeyOperation(crypto));
    generateDataKeyWithoutPlaintext =
        bind(
            "GenerateDataKeyWithoutPlaintext",
            GenerateDataKeyWithoutPlaintextRequest.class,
            true,
            new GenerateDataKeyWithoutPlaintextOperation(crypto));
    generateRandom =
        bind(
            "GenerateRandom",
            GenerateRandomRequest.class,
            true,
            new GenerateRandomOperation(env.enclave(), customKeyStores, env.hsm()));
    KeyUse keyUse = new KeyUse(resolver);
    MacOperations macs = new MacOperations(keyUse, env.enclave());
    DataKeyPairOperations keyPairs = new DataKeyPairOperations(crypto);
    generateMac = bind("GenerateMac", GenerateMacRequest.class, true, macs::generate);
    verifyMac = bind("VerifyMac", VerifyMacRequest.class, true, macs::verify);
    generateDataKeyPair =
        bind("GenerateDataKeyPair", GenerateDataKeyPairRequest.class, true, keyPairs::generate);
    generateDataKeyPairWithoutPlaintext =
        bind(
            "GenerateDataKeyPairWithoutPlaintext",
            GenerateDataKeyPairWithoutPlaintextRequest.class,
            true,
            keyPairs::generateWithoutPlaintext);
    deriveSharedSecret =
        bind(
            "DeriveSharedSecret",
            DeriveSharedSecretRequest.class,
            true,
            new DeriveSharedSecretOperation(keyUse, env.enclave())::derive);
    createAlias = bind("CreateAlias", CreateAliasRequest.class, false, aliases::create);
    updateAlias = bind("UpdateAlias", UpdateAliasRequest.class, false, aliases::update);
    deleteAlias = bind("DeleteAlias", DeleteAliasRequest.class, false, aliases::delete);
    listAliases = bind("ListAliases", ListAliasesRequest.class, true, aliases::list);
    tagResource = bind("TagResource", TagResourceRequest.class, false, tags::tag);
    untagResource = bind("UntagResource", UntagResourceRequest.class, false, tags::untag);
    listResourceTags = bind("ListResourceTags", ListResourceTagsRequest.class, true, tags::list);
    enableKeyRotation =
        bind("EnableKeyRotation", EnableKeyRotationRequest.class, false, rotation::enable);
    disableKeyRotation =
        bind("DisableKeyRotation", DisableKeyRotationRequest.class, false, rotation::disable);
    getKeyRotationStatus =
        bind("GetKeyRotationStatus", GetKeyRotationStatusRequest.class, true, rotation::status);
    rotateKeyOnDemand =
        bind("RotateKeyOnDemand", RotateKeyOnDemandRequest.class, false, rotation::rotateOnDemand);
    listKeyRotations =
        bind("ListKeyRotations", ListKeyRotationsRequest.class, true, rotation::list);
    scheduleKeyDeletion =
        bind("ScheduleKeyDeletion", ScheduleKeyDeletionRequest.class, false, deletion::schedule);
    cancelKeyDeletion =
        bind("CancelKeyDeletion", CancelKeyDeletionRequest.class, false, deletion::cancel);
    getParametersForImport =
        bind(
            "GetParametersForImport",
            GetParametersForImportRequest.class,
            true,
            imports::parameters);
    importKeyMaterial =
        bind("ImportKeyMaterial", ImportKeyMaterialRequest.class, false, imports::importMaterial);
    deleteImportedKeyMaterial =
        bind(
            "DeleteImportedKeyMaterial",
            DeleteImportedKeyMaterialRequest.class,
            false,
            imports::deleteMaterial);
    createGrant = bind("CreateGrant", CreateGrantRequest.class, false, grants::create);
    listGrants = bind("ListGrants", ListGrantsRequest.class, true, grants::list);
    listRetirableGrants =
        bind("ListRetirableGrants", ListRetirableGrantsRequest.class, true, grants::listRetirable);
    retireGrant = bind("RetireGrant", RetireGrantRequest.class, false, grants::retire);
    revokeGrant = bind("RevokeGrant", RevokeGrantRequest.class, false, grants::revoke);
    getKeyPolicy = bind("GetKeyPolicy", GetKeyPolicyRequest.class, true, policies::get);
    putKeyPolicy = bind("PutKeyPolicy", PutKeyPolicyRequest.class, false, policies::put);
    listKeyPolicies = bind("ListKeyPolicies", ListKeyPoliciesRequest.class, true, policies::list);
    CustomKeyStoreOperations customStores = new CustomKeyStoreOperations(env.store(), env.hsm());
    createCustomKeyStore =
        bind(
            "CreateCustomKeyStore", CreateCustomKeyStoreRequest.class, false, customStores::create);
    describeCustomKeyStores =
        bind(
            "DescribeCustomKeyStores",
            DescribeCustomKeyStoresRequest.class,
            true,
            customStores::describe);
    connectCustomKeyStore =
        bind(
            "ConnectCustomKeyStore",
            ConnectCustomKeyStoreRequest.class,
            false,
            customStores::connect);
    disconnectCustomKeyStore =
        bind(
            "DisconnectCustomKeyStore",
            DisconnectCustomKeyStoreRequest.class,
            false,
            customStores::disconnect);
    updateCustomKeyStore =
        bind(
            "UpdateCustomKeyStore", UpdateCustomKeyStoreRequest.class, false, customStores::update);
    deleteCustomKeyStore =
        bind(
            "DeleteCustomKeyStore", DeleteCustomKeyStoreRequest.class, false, customStores::delete);
    getKeyLastUsage =
        bind(
            "GetKeyLastUsage",
            GetKeyLastUsageRequest.class,
            true,
            new GetKeyLastUsageOperation(
                resolver, env.store(), env.location().region(), this.keyLastUsage));
    replicateKey = bind("ReplicateKey", ReplicateKeyRequest.class, false, multiRegion::replicate);
    updatePrimaryRegion =
        bind(
            "UpdatePrimaryRegion",
            UpdatePrimaryRegionRequest.class,
            false,
            multiRegion::updatePrimaryRegion);
  }

  private <Q extends KmsRequest, R extends KmsResponse> OperationBinding<Q, R> bind(
      String name, Class<Q> requestType, boolean readOnly, KmsOperation<Q, R> operation) {
    OperationBinding<Q, R> binding = new OperationBinding<>(name, requestType, readOnly, operation);
    operations.put(name, binding);
    return binding;
  }

  /**
   * The alias names of a key ({@code kms:ResourceAliases} holds names, not ARNs); AWS allows 50
   * aliases per key.
   */
  private static List<String> aliasNames(KmsEnvironment env, KmsKey key) {
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      Page<Alias> page = env.store().listAliases(key.keyId(), cursor, 100);
      page.items().forEach(alias -> names.add(alias.aliasName()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return names;
  }

  /** The operation with this AWS name, if this KMS implements it. */
  public Optional<OperationBinding<?, ?>> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }

  public Collection<OperationBinding<?, ?>> operations() {
    return List.copyOf(operations.values());
  }

  /**
   * The last uses of keys this KMS holds in memory, saved after a request once the flush interval
   * has passed; flush it on a timer and at shutdown where the process lives on between requests.
   */
  public KeyLastUsageTracker keyLastUsage() {
    return keyLastUsage;
  }

  /** The relay that delivers this KMS's committed audit records; drain it on a timer. */
  public AuditRelay auditRelay() {
    return relay;
  }

  /**
   * Runs one request in its region and audits it.
   *
   * @param binding one of this KMS's operations ({@link #operation}, or a typed field)
   * @throws KmsException whatever the caller should see; nothing else
   */
  public <Q extends KmsRequest, R extends KmsResponse> R invoke(
      OperationBinding<Q, R> binding, Q request, RequestContext context) {
    Kms graph = graphOf(context);
    return graph == this
        ? run(binding, request, context)
        : graph.run(graph.sameAs(binding), request, context);
  }

  /** The graph of the request's region: this one, or another region's (built on first use). */
  private Kms graphOf(RequestContext context) {
    String requested = context.regionOr(region);
    return requested.equals(region) || otherRegions == null ? this : otherRegions.of(requested);
  }

  /** This graph's binding of the operation {@code binding} names (another region's, typed). */
  @SuppressWarnings("unchecked") // same name, same request type: the same operation's binding
  private <Q extends KmsRequest, R extends KmsResponse> OperationBinding<Q, R> sameAs(
      OperationBinding<Q, R> binding) {
    OperationBinding<?, ?> own = operations.get(binding.name());
    if (own == null || own.requestType() != binding.requestType()) {
      throw new IllegalArgumentException("not an operation of this KMS: " + binding.name());
    }
    return (OperationBinding<Q, R>) own;
  }

  /** Runs one request in this graph's region and audits it. */
  private <Q extends KmsRequest, R extends KmsResponse> R run(
      OperationBinding<Q, R> binding, Q request, RequestContext context) {
    if (!binding.readOnly()) {
      relay.catchUp();
    }
    OperationContext operationContext =
        new OperationContext(
            binding.name(),
            context,
            now(),
            (operation, response) ->
                audit.event(
                    context,
                    outcome(binding, request, response, null, operation),
                    UUID.randomUUID().toString()),
            (operation, eventName, sideRequest, sideResponse, keyArns) ->
                audit.event(
                    context,
                    new AuditRecorder.Outcome(
                        eventName,
                        false,
                        operation.now(),
                        sideRequest,
                        sideResponse,
                        null,
                        keyArns),
                    UUID.randomUUID().toString()),
            authorizer);
    R response;
    try {
      response = binding.operation().execute(request, operationContext);
    } catch (KmsException e) {
      recordFailure(binding, request, context, operationContext, e);
      throw e;
    } catch (StoreUnavailableException e) {
      LOG.log(Level.ERROR, "request " + context.requestId() + ": key store unavailable", e);
      if (!binding.readOnly()) {
        // A write that timed out may have been committed, record and all: look for it.
        relay.markBehind();
      }
      KmsException mapped =
          KmsException.of(
              KmsErrorType.DEPENDENCY_TIMEOUT, "The key store is unavailable. Retry the request.");
      recordFailure(binding, request, context, operationContext, mapped);
      throw mapped;
    } catch (RuntimeException e) {
      KmsException mapped =
          KmsException.internal("An internal error occurred. Retry the request.", e);
      LOG.log(Level.ERROR, "request " + context.requestId() + ": " + binding.name() + " failed", e);
      recordFailure(binding, request, context, operationContext, mapped);
      throw mapped;
    }
    operationContext.sideCommittedRecords().forEach(relay::deliver);
    Optional<OutboxRecord> committed = operationContext.committedRecord();
    String eventId;
    if (committed.isPresent()) {
      relay.deliver(committed.get());
      eventId = committed.get().event().eventId();
    } else {
      eventId = record(context, outcome(binding, request, response, null, operationContext));
    }
    recordUse(binding, context, operationContext, eventId);
    return response;
  }

  /**
   * After a successful tracked request (a cryptographic operation), notes it as the last use of
   * each key it used (ReEncrypt: both), with its audit record's event id and its request id; then
   * saves what is held if the flush interval has passed (in Lambda, the only moment a frozen
   * instance can).
   */
  private void recordUse(
      OperationBinding<?, ?> binding,
      RequestContext context,
      OperationContext operationContext,
      String eventId) {
    if (TrackedOperations.isTracked(binding.name())) {
      for (String keyArn : operationContext.touchedKeyArns()) {
        // arn:<partition>:kms:<region>:<account>:key/<id>, as the key's own ARN names its region;
        // cut at the colons by hand (a split per request allocated an array and a regex check)
        int afterPartition = keyArn.indexOf(':', keyArn.indexOf(':') + 1);
        int afterService = keyArn.indexOf(':', afterPartition + 1);
        int afterRegion = keyArn.indexOf(':', afterService + 1);
        int afterAccount = keyArn.indexOf(':', afterRegion + 1);
        keyLastUsage.record(
            keyArn.substring(afterService + 1, afterRegion),
            new KeyLastUsage(
                new KeyId(keyArn.substring(afterAccount + 1 + "key/".length())),
                binding.name(),
                operationContext.now(),
                eventId,
                context.requestId()));
      }
    }
    keyLastUsage.flushIfDue();
  }

  /** {@link #invoke} for a request the caller holds as an {@code Object} (the wire dispatcher). */
  public <Q extends KmsRequest, R extends KmsResponse> R invokeUnchecked(
      OperationBinding<Q, R> binding, Object request, RequestContext context) {
    return invoke(binding, binding.requestType().cast(request), context);
  }

  /** The instant a request is served at; AWS timestamps have millisecond precision. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Audits a request that never reached an operation: unauthenticated, malformed, or naming an
   * unknown operation.
   */
  public void recordRejected(String eventName, RequestContext context, KmsException error) {
    Kms graph = graphOf(context);
    if (graph != this) {
      graph.recordRejected(eventName, context, error);
      return;
    }
    record(
        context,
        new AuditRecorder.Outcome(
            eventName,
            operation(eventName).map(OperationBinding::readOnly).orElse(true),
            now(),
            null,
            null,
            error,
            List.of()));
  }

  /**
   * Records a failed request, fail-closed. Changes it committed before failing keep their records,
   * which are delivered too: the AWS managed key its first use of {@code alias/aws/<service>}
   * created (a request that is then refused), or its own change (no operation fails after that
   * today).
   */
  private <Q extends KmsRequest, R extends KmsResponse> void recordFailure(
      OperationBinding<Q, R> binding,
      Q request,
      RequestContext context,
      OperationContext operationContext,
      KmsException error) {
    operationContext.sideCommittedRecords().forEach(relay::deliver);
    operationContext.committedRecord().ifPresent(relay::deliver);
    keyLastUsage.flushIfDue();
    record(context, outcome(binding, request, null, error, operationContext));
  }

  private static AuditRecorder.Outcome outcome(
      OperationBinding<?, ?> binding,
      KmsRequest request,
      KmsResponse response,
      KmsException error,
      OperationContext operationContext) {
    return new AuditRecorder.Outcome(
        binding.name(),
        binding.readOnly(),
        operationContext.now(),
        request,
        response,
        error,
        operationContext.touchedKeyArns());
  }

  /**
   * Fail-closed: when the audit sink refuses the record, the request fails without its result.
   *
   * @return the record's event id
   */
  private String record(RequestContext context, AuditRecorder.Outcome outcome) {
    try {
      return audit.record(context, outcome).eventId();
    } catch (AuditUnavailableException e) {
      LOG.log(Level.ERROR, "request " + context.requestId() + ": audit sink unavailable", e);
      throw KmsException.internal(
          "The audit log is unavailable; the request was not completed.", e);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "request " + context.requestId() + ": audit record failed", e);
      throw KmsException.internal(
          "The audit log is unavailable; the request was not completed.", e);
    }
  }
}

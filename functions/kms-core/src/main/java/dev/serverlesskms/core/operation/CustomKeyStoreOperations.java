package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.ConnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CreateCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CreateCustomKeyStoreResponse;
import dev.serverlesskms.core.api.CustomKeyStoresListEntry;
import dev.serverlesskms.core.api.DeleteCustomKeyStoreRequest;
import dev.serverlesskms.core.api.DescribeCustomKeyStoresRequest;
import dev.serverlesskms.core.api.DescribeCustomKeyStoresResponse;
import dev.serverlesskms.core.api.DisconnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.UpdateCustomKeyStoreRequest;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.CustomKeyStoreType;
import dev.serverlesskms.core.model.SealedPassword;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.HsmCluster;
import dev.serverlesskms.core.port.HsmConnectionException;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * CreateCustomKeyStore, DescribeCustomKeyStores, ConnectCustomKeyStore, DisconnectCustomKeyStore,
 * UpdateCustomKeyStore and DeleteCustomKeyStore, for AWS_CLOUDHSM stores backed by declared PKCS#11
 * tokens (docs/custom-key-stores.md). All six are IAM-only, as in AWS: an identity policy of the
 * caller must allow {@code kms:<operation>} on {@code *}.
 *
 * <p>The password (the token's user PIN) is sealed by {@link CustomKeyStoreHsm#sealPassword} before
 * it is stored, and is never echoed, audited or logged.
 */
final class CustomKeyStoreOperations {
  private static final System.Logger LOG =
      System.getLogger(CustomKeyStoreOperations.class.getName());

  /** AWS: custom key stores per account and Region. */
  static final int MAX_STORES = 10;

  private static final int MAX_ATTEMPTS = 3;

  private final KeyStore store;
  private final CustomKeyStoreHsm hsm;
  private final CustomKeyStores stores;

  CustomKeyStoreOperations(KeyStore store, CustomKeyStoreHsm hsm) {
    this.store = store;
    this.hsm = hsm;
    this.stores = new CustomKeyStores(store);
  }

  CreateCustomKeyStoreResponse create(
      CreateCustomKeyStoreRequest request, OperationContext context) {
    String name =
        name(
            Validation.required(request.customKeyStoreName(), "customKeyStoreName"),
            "customKeyStoreName");
    if (request.customKeyStoreType() == CustomKeyStoreType.EXTERNAL_KEY_STORE) {
      context.authorizeAccount(context.operation(), ConditionContext.empty());
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          "Custom key stores of type EXTERNAL_KEY_STORE are not supported by this KMS.");
    }
    String clusterId = clusterId(request.cloudHsmClusterId(), "cloudHsmClusterId");
    Validation.required(clusterId, "cloudHsmClusterId");
    String trustAnchor =
        Validation.required(
            Validation.length(request.trustAnchorCertificate(), 1, 5000, "trustAnchorCertificate"),
            "trustAnchorCertificate");
    String password = password(request.keyStorePassword(), "keyStorePassword");
    Validation.required(password, "keyStorePassword");
    context.authorizeAccount(context.operation(), ConditionContext.empty());

    List<CustomKeyStore> existing = all();
    if (existing.size() >= MAX_STORES) {
      throw KmsException.of(
          KmsErrorType.LIMIT_EXCEEDED,
          "The request was rejected because a quota was exceeded: at most "
              + MAX_STORES
              + " custom key stores per account and Region.");
    }
    if (existing.stream().anyMatch(s -> s.name().equals(name))) {
      throw nameInUse(name);
    }
    HsmCluster cluster = requireCluster(clusterId);
    requireClusterFree(cluster, existing, null);
    if (cluster.trustAnchorCertificate() != null
        && !normalized(cluster.trustAnchorCertificate()).equals(normalized(trustAnchor))) {
      throw KmsException.of(
          KmsErrorType.INCORRECT_TRUST_ANCHOR,
          "The trust anchor certificate is not the trust anchor certificate of cluster "
              + clusterId
              + ".");
    }
    String id = CustomKeyStore.newId();
    CustomKeyStore created =
        CustomKeyStore.create(
            id, name, clusterId, trustAnchor, hsm.sealPassword(id, password), context.now());
    CreateCustomKeyStoreResponse response = new CreateCustomKeyStoreResponse(id);
    OutboxRecord record = context.successRecord(response);
    try {
      store.createCustomKeyStore(created, record);
    } catch (StoreConflictException e) {
      throw nameInUse(name);
    }
    context.committed(record);
    return response;
  }

  DescribeCustomKeyStoresResponse describe(
      DescribeCustomKeyStoresRequest request, OperationContext context) {
    Validation.length(request.customKeyStoreId(), 1, 64, "customKeyStoreId");
    Validation.length(request.customKeyStoreName(), 1, 256, "customKeyStoreName");
    int limit = Paging.limit(request.limit(), 100, 1000);
    String marker = Paging.marker(request.marker());
    if (request.customKeyStoreId() != null && request.customKeyStoreName() != null) {
      // inferred: AWS documents "either ... but not both" without the error's text
      throw Validation.plain(
          "You cannot specify both CustomKeyStoreId and CustomKeyStoreName in the same request.");
    }
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    if (request.customKeyStoreId() != null) {
      CustomKeyStore found = stores.require(request.customKeyStoreId(), "customKeyStoreId");
      return new DescribeCustomKeyStoresResponse(List.of(entry(found)), null, false);
    }
    if (request.customKeyStoreName() != null) {
      CustomKeyStore found =
          store
              .findCustomKeyStoreByName(request.customKeyStoreName())
              .orElseThrow(
                  () ->
                      KmsException.of(
                          KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
                          "Custom key store "
                              + Validation.echo(request.customKeyStoreName())
                              + " does not exist."));
      return new DescribeCustomKeyStoresResponse(List.of(entry(found)), null, false);
    }
    Page<CustomKeyStore> page = Paging.list(() -> store.listCustomKeyStores(marker, limit));
    return new DescribeCustomKeyStoresResponse(
        page.items().stream().map(CustomKeyStoreOperations::entry).toList(),
        page.nextCursor(),
        page.truncated());
  }

  /**
   * Connects: the store becomes CONNECTING (the change this request commits with its record), then
   * this process logs in to the token with the store's password, and the store becomes CONNECTED,
   * or FAILED with the reason. AWS connects asynchronously; here the request waits for the login.
   */
  EmptyResponse connect(ConnectCustomKeyStoreRequest request, OperationContext context) {
    String id = requiredId(request.customKeyStoreId());
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    CustomKeyStore connecting = changeOrConflict(id, context, CustomKeyStore::startConnecting);
    if (connecting == null) {
      return EmptyResponse.INSTANCE; // already CONNECTED
    }
    ConnectionErrorCode failure = null;
    if (hsm.cluster(connecting.cloudHsmClusterId()).isEmpty()) {
      failure = ConnectionErrorCode.CLUSTER_NOT_FOUND;
    } else {
      try {
        hsm.connect(connecting);
      } catch (HsmConnectionException e) {
        failure = e.code();
        LOG.log(
            Level.WARNING,
            "custom key store "
                + id
                + " failed to connect: "
                + e.code()
                + " ("
                + e.getMessage()
                + ")");
      }
    }
    try {
      store.updateCustomKeyStore(connecting.connectionOutcome(failure), null);
    } catch (StoreConflictException e) {
      // Changed meanwhile (disconnected by another request): that change stands.
      LOG.log(Level.INFO, "custom key store " + id + " changed while connecting; outcome dropped");
    }
    return EmptyResponse.INSTANCE;
  }

  /** Disconnects at once; this process logs out, the others when they see the stored state. */
  EmptyResponse disconnect(DisconnectCustomKeyStoreRequest request, OperationContext context) {
    String id = requiredId(request.customKeyStoreId());
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    CustomKeyStore disconnected = changeOrConflict(id, context, CustomKeyStore::disconnect);
    hsm.disconnect(disconnected != null ? disconnected : stores.require(id, "customKeyStoreId"));
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse update(UpdateCustomKeyStoreRequest request, OperationContext context) {
    String id = requiredId(request.customKeyStoreId());
    String newName = name(request.newCustomKeyStoreName(), "newCustomKeyStoreName");
    String password = password(request.keyStorePassword(), "keyStorePassword");
    String clusterId = clusterId(request.cloudHsmClusterId(), "cloudHsmClusterId");
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    CustomKeyStore current = stores.require(id, "customKeyStoreId");
    // the state rule first, before any other check
    current.requireUpdatable(password != null || clusterId != null);
    List<CustomKeyStore> others = all().stream().filter(s -> !s.id().equals(id)).toList();
    if (newName != null && others.stream().anyMatch(s -> s.name().equals(newName))) {
      throw nameInUse(newName);
    }
    if (clusterId != null && !clusterId.equals(current.cloudHsmClusterId())) {
      HsmCluster cluster = requireCluster(clusterId);
      String currentToken =
          hsm.cluster(current.cloudHsmClusterId()).map(HsmCluster::token).orElse(null);
      if (!cluster.token().equals(currentToken)) {
        throw KmsException.of(
            KmsErrorType.CLOUD_HSM_CLUSTER_NOT_RELATED,
            "Cluster "
                + clusterId
                + " is not related to cluster "
                + current.cloudHsmClusterId()
                + " of custom key store "
                + id
                + ".");
      }
      requireClusterFree(cluster, others, id);
    }
    SealedPassword sealed = password == null ? null : hsm.sealPassword(id, password);
    try {
      change(id, context, s -> s.update(newName, sealed, clusterId), EmptyResponse.INSTANCE);
    } catch (StoreConflictException e) {
      throw newName != null ? nameInUse(newName) : conflict(id);
    }
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse delete(DeleteCustomKeyStoreRequest request, OperationContext context) {
    String id = requiredId(request.customKeyStoreId());
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    for (int attempt = 1; ; attempt++) {
      CustomKeyStore current = stores.require(id, "customKeyStoreId");
      current.requireDeletable();
      OutboxRecord record = context.successRecord(EmptyResponse.INSTANCE);
      try {
        store.deleteCustomKeyStore(id, current.revision(), record);
        context.committed(record);
        return EmptyResponse.INSTANCE;
      } catch (StoreConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw conflict(id);
        }
      }
    }
  }

  /**
   * Applies an intent to the stored store under optimistic locking (re-read and re-applied when
   * another write won), committing this request's record with the change.
   *
   * @return the store as stored, or {@code null} when the intent changed nothing (nothing written)
   * @throws StoreConflictException when a conflict persists, or the store's new name is taken
   */
  private CustomKeyStore change(
      String id,
      OperationContext context,
      UnaryOperator<CustomKeyStore> intent,
      EmptyResponse response) {
    for (int attempt = 1; ; attempt++) {
      CustomKeyStore current = stores.require(id, "customKeyStoreId");
      CustomKeyStore changed = intent.apply(current);
      if (changed.equals(current)) {
        return null;
      }
      OutboxRecord record = context.successRecord(response);
      try {
        CustomKeyStore stored = store.updateCustomKeyStore(changed, record);
        context.committed(record);
        return stored;
      } catch (StoreConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private CustomKeyStore changeOrConflict(
      String id, OperationContext context, UnaryOperator<CustomKeyStore> intent) {
    try {
      return change(id, context, intent, EmptyResponse.INSTANCE);
    } catch (StoreConflictException e) {
      throw conflict(id);
    }
  }

  // inferred: AWS documents no conflict for these operations; this one is retryable by the caller
  private static KmsException conflict(String id) {
    return KmsException.of(
        KmsErrorType.CONFLICT, "Custom key store " + id + " changed meanwhile; try again.");
  }

  /** Every store of the account (at most {@link #MAX_STORES}, plus any a race let in). */
  private List<CustomKeyStore> all() {
    List<CustomKeyStore> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<CustomKeyStore> page = store.listCustomKeyStores(cursor, 100);
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  private HsmCluster requireCluster(String clusterId) {
    return hsm.cluster(clusterId)
        .orElseThrow(
            () ->
                KmsException.of(
                    KmsErrorType.CLOUD_HSM_CLUSTER_NOT_FOUND,
                    "Cluster " + Validation.echo(clusterId) + " does not exist."));
  }

  /** A cluster (token) serves one store of the account, as AWS's CloudHsmClusterInUseException. */
  private void requireClusterFree(HsmCluster cluster, List<CustomKeyStore> others, String self) {
    for (CustomKeyStore other : others) {
      String otherToken =
          hsm.cluster(other.cloudHsmClusterId()).map(HsmCluster::token).orElse(null);
      if (!other.id().equals(self)
          && (other.cloudHsmClusterId().equals(cluster.id())
              || cluster.token().equals(otherToken))) {
        throw KmsException.of(
            KmsErrorType.CLOUD_HSM_CLUSTER_IN_USE,
            "Cluster "
                + cluster.id()
                + " is already associated with custom key store "
                + other.id()
                + ".");
      }
    }
  }

  static CustomKeyStoresListEntry entry(CustomKeyStore s) {
    return new CustomKeyStoresListEntry(
        s.id(),
        s.name(),
        s.cloudHsmClusterId(),
        s.trustAnchorCertificate(),
        s.connectionState(),
        s.connectionErrorCode(),
        s.creationDate(),
        s.type());
  }

  private static KmsException nameInUse(String name) {
    return KmsException.of(
        KmsErrorType.CUSTOM_KEY_STORE_NAME_IN_USE,
        "Custom key store name " + Validation.echo(name) + " is already in use.");
  }

  private static String requiredId(String id) {
    Validation.required(id, "customKeyStoreId");
    return Validation.length(id, 1, 64, "customKeyStoreId");
  }

  private static String name(String name, String member) {
    return Validation.length(name, 1, 256, member);
  }

  /** AWS's CloudHsmClusterIdType: 19 to 24 characters ({@code cluster-} and an id). */
  private static String clusterId(String clusterId, String member) {
    return Validation.length(clusterId, 19, 24, member);
  }

  /** 7 to 32 characters, never echoed (Validation.length would echo a short one). */
  private static String password(String password, String member) {
    if (password != null && (password.length() < 7 || password.length() > 32)) {
      throw Validation.error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length between 7 and 32");
    }
    return password;
  }

  private static String normalized(String pem) {
    return pem.replaceAll("\\s", "");
  }
}

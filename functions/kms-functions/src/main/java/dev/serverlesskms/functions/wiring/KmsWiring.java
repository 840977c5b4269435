package dev.serverlesskms.functions.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.audit.kinesis.KinesisAuditSink;
import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.lifecycle.KeyMaterialExpiryReport;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.MetricSink;
import dev.serverlesskms.core.port.ResourceQuotas;
import dev.serverlesskms.core.store.CachingKeyStore;
import dev.serverlesskms.core.usage.KeyLastUsageTracker;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.Pkcs11Cluster;
import dev.serverlesskms.enclave.Pkcs11CustomKeyStoreHsm;
import dev.serverlesskms.enclave.Pkcs11RootKey;
import dev.serverlesskms.enclave.Pkcs11RootKeyConfig;
import dev.serverlesskms.enclave.RootKey;
import dev.serverlesskms.enclave.RootKeyFile;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.events.EncryptionResultSink;
import dev.serverlesskms.functions.events.JsonLinesResultSink;
import dev.serverlesskms.functions.events.KinesisResultSink;
import dev.serverlesskms.functions.lifecycle.EmfMetricSink;
import dev.serverlesskms.functions.local.LocalPrincipals;
import dev.serverlesskms.functions.local.SigV4Verifier;
import dev.serverlesskms.functions.principals.RefreshingIdentityPolicies;
import dev.serverlesskms.functions.secrets.EnclaveSecrets;
import dev.serverlesskms.functions.secrets.PrincipalsSecret;
import dev.serverlesskms.functions.secrets.SecretArn;
import dev.serverlesskms.functions.seed.SeedFileLoader;
import dev.serverlesskms.functions.wire.RequestQuotas;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.local.JsonLinesAuditSink;
import dev.serverlesskms.local.MvStoreKeyStore;
import dev.serverlesskms.store.dynamodb.DynamoDbKeyStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the KMS from configuration: the one place that picks adapters and reads settings. kms-core
 * classes carry no CDI annotations; they are made here with plain constructors.
 */
@ApplicationScoped
public class KmsWiring {
  /** How many refresh periods a principals document stays in use while it cannot be read again. */
  private static final int PRINCIPALS_MAX_AGE_REFRESHES = 10;

  /**
   * Builds everything at start: the enclave's self-tests run and the root key exists before the
   * first request.
   */
  void eagerStart(@Observes StartupEvent event, Kms kms, WireDispatcher dispatcher) {
    kms.operations();
  }

  /**
   * The KMS's clock: key dates, rotation, deletion, expiry. SigV4 checks the wall clock instead.
   */
  @Produces
  @Singleton
  Clock clock(KmsConfig config) {
    return config.clockOffset().isZero()
        ? Clock.systemUTC()
        : Clock.offset(Clock.systemUTC(), config.clockOffset());
  }

  @Produces
  @Singleton
  KmsLocation location(KmsConfig config) {
    return KmsLocation.of(config.region(), config.accountId());
  }

  @Produces
  @Singleton
  KeyStore keyStore(KmsConfig config) {
    return switch (config.store().kind()) {
      case EMBEDDED ->
          MvStoreKeyStore.open(
              config.store().file().orElse(dataFile(config, "keys.mv.db")), config.region());
      case DYNAMODB -> {
        String tableRegion = config.store().region().orElse(config.region());
        yield cached(
            config.store(),
            dynamoDbStore(
                AwsClients.dynamoDb(tableRegion, config.store().endpoint()),
                config.store().table().orElseThrow(() -> missing("kms.store.table")),
                tableRegion,
                config.region()));
      }
    };
  }

  /**
   * The view of this KMS's region ({@code kmsRegion}) of the table in {@code tableRegion}. Every
   * region's functions share one table, whose unprefixed items are its home region's (the table's
   * region, where the keys made before regions are), so every function opens it with the same
   * default region, the table's, and serves its own region's view: in the home region that is the
   * store as constructed.
   */
  static KeyStore dynamoDbStore(
      DynamoDbClient client, String table, String tableRegion, String kmsRegion) {
    return new DynamoDbKeyStore(client, table, tableRegion).inRegion(kmsRegion);
  }

  /** A warm Lambda serves the hot path from memory; the embedded store is in memory already. */
  private static KeyStore cached(KmsConfig.Store settings, KeyStore store) {
    return settings.cacheTtl().isZero()
        ? store
        : new CachingKeyStore(store, Clock.systemUTC(), settings.cacheTtl(), settings.cacheSize());
  }

  void closeKeyStore(@Disposes KeyStore store) {
    KeyStore closing = store instanceof CachingKeyStore cache ? cache.delegate() : store;
    if (closing instanceof AutoCloseable closeable) {
      closeQuietly(closeable);
    }
  }

  @Produces
  @Singleton
  Enclave enclave(KmsConfig config) {
    RootKey rootKey = rootKey(config);
    if (rootKey == null) {
      return new NoEnclave();
    }
    return new KeyVersionEnclave(rootKey, new SecureRandom(), config.enclave().cacheSize());
  }

  /** The root key, read once; shared by the enclave (which closes it) and custom key stores. */
  private RootKey rootKey;

  private boolean rootKeyRead;

  private synchronized RootKey rootKey(KmsConfig config) {
    if (!rootKeyRead) {
      rootKey =
          switch (config.enclave().kind()) {
            case NONE -> null;
            case SOFTWARE -> softwareRootKey(config);
            case PKCS11 -> pkcs11RootKey(config);
          };
      rootKeyRead = true;
    }
    return rootKey;
  }

  /**
   * The tokens of custom key stores: the declared clusters, their passwords sealed under the root
   * key. Without a root key (the metadata-only functions) or without clusters, none.
   *
   * @param enclave made first, so that it owns (and closes) the root key shared here
   */
  @Produces
  @Singleton
  CustomKeyStoreHsm customKeyStoreHsm(KmsConfig config, Enclave enclave) {
    KmsConfig.CustomKeyStores settings = config.customKeyStores();
    List<String> declared = settings.clusters().orElse(List.of());
    RootKey sealing = rootKey(config);
    if (declared.isEmpty() || sealing == null) {
      return CustomKeyStoreHsm.none();
    }
    Path library = settings.library().orElseThrow(() -> missing("kms.custom-key-stores.library"));
    List<Pkcs11Cluster> clusters = new ArrayList<>();
    for (String entry : declared) {
      int colon = entry.lastIndexOf(':');
      if (colon < 1) {
        throw new IllegalStateException(
            "kms.custom-key-stores.clusters: '" + entry + "' is not <cluster id>:<slot id>");
      }
      String id = entry.substring(0, colon).trim();
      long slot = Long.parseLong(entry.substring(colon + 1).trim());
      clusters.add(new Pkcs11Cluster(id, library, slot, trustAnchor(settings, id)));
    }
    return new Pkcs11CustomKeyStoreHsm(clusters, sealing, new SecureRandom());
  }

  private static String trustAnchor(KmsConfig.CustomKeyStores settings, String clusterId) {
    if (settings.trustAnchors().isEmpty()) {
      return null;
    }
    Path file = settings.trustAnchors().get().resolve(clusterId + ".crt");
    try {
      return Files.isRegularFile(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trust anchor " + file, e);
    }
  }

  void closeEnclave(@Disposes Enclave enclave) {
    if (enclave instanceof AutoCloseable closeable) {
      closeQuietly(closeable);
    }
  }

  @Produces
  @Singleton
  AuditSink auditSink(KmsConfig config) {
    return switch (config.audit().kind()) {
      case FILE ->
          new JsonLinesAuditSink(
              config.audit().file().orElse(dataFile(config, "audit.jsonl")),
              config.audit().fsync());
      case KINESIS ->
          new KinesisAuditSink(
              AwsClients.kinesis(config.region(), config.audit().endpoint()),
              config.audit().stream().orElseThrow(() -> missing("kms.audit.stream")));
    };
  }

  /**
   * The root key from Secrets Manager, or given directly (local runs and tests); else the sealed
   * file, but only with the embedded store: with a shared store (DynamoDB), a file would give every
   * Lambda instance its own, different root key.
   */
  private static RootKey softwareRootKey(KmsConfig config) {
    KmsConfig.Enclave settings = config.enclave();
    if (settings.rootKeySecretArn().isPresent()) {
      refuseBoth(
          "kms.enclave.root-key-secret-arn",
          "kms.enclave.root-key-secret",
          settings.rootKeySecret().isPresent());
      SecretArn arn = SecretArn.parse(settings.rootKeySecretArn().get());
      try (SecretsManagerClient client =
          AwsClients.secretsManager(arn, settings.secretsEndpoint())) {
        return new EnclaveSecrets(client).rootKey(arn);
      }
    }
    if (settings.rootKeySecret().isPresent()) {
      return RootKeySecret.decode(settings.rootKeySecret().get());
    }
    if (config.store().kind() != KmsConfig.StoreKind.EMBEDDED) {
      throw missing("kms.enclave.root-key-secret-arn (or, locally, kms.enclave.root-key-secret)");
    }
    return RootKeyFile.openOrCreate(settings.rootKeyFile().orElse(dataFile(config, "root-key")));
  }

  private static RootKey pkcs11RootKey(KmsConfig config) {
    KmsConfig.Pkcs11 settings = config.enclave().pkcs11();
    Pkcs11RootKeyConfig token =
        new Pkcs11RootKeyConfig(
            settings.library().orElseThrow(() -> missing("kms.enclave.pkcs11.library")),
            settings.slot().orElseThrow(() -> missing("kms.enclave.pkcs11.slot")),
            settings.keyLabel(),
            settings.createIfMissing());
    return Pkcs11RootKey.open(token, pkcs11Pin(config));
  }

  /** The PIN from Secrets Manager, or given directly (local runs and tests). */
  private static char[] pkcs11Pin(KmsConfig config) {
    KmsConfig.Pkcs11 settings = config.enclave().pkcs11();
    if (settings.pinSecretArn().isPresent()) {
      refuseBoth(
          "kms.enclave.pkcs11.pin-secret-arn",
          "kms.enclave.pkcs11.pin",
          settings.pin().isPresent());
      SecretArn arn = SecretArn.parse(settings.pinSecretArn().get());
      try (SecretsManagerClient client =
          AwsClients.secretsManager(arn, config.enclave().secretsEndpoint())) {
        return new EnclaveSecrets(client).pin(arn);
      }
    }
    return settings
        .pin()
        .orElseThrow(
            () ->
                missing("kms.enclave.pkcs11.pin-secret-arn (or, locally, kms.enclave.pkcs11.pin)"))
        .toCharArray();
  }

  /** Two sources for one secret is a configuration mistake: say so rather than pick one. */
  private static void refuseBoth(String fromSecretsManager, String direct, boolean directSet) {
    if (directSet) {
      throw new IllegalStateException("set " + fromSecretsManager + " or " + direct + ", not both");
    }
  }

  private static IllegalStateException missing(String key) {
    return new IllegalStateException(key + " must be set with this configuration");
  }

  @Produces
  @Singleton
  KmsEnvironment environment(
      KmsLocation location,
      KeyStore store,
      Enclave enclave,
      Clock clock,
      CustomKeyStoreHsm customKeyStoreHsm,
      KmsConfig config) {
    return new KmsEnvironment(
        location, store, enclave, clock, customKeyStoreHsm, resourceQuotas(config));
  }

  private static ResourceQuotas resourceQuotas(KmsConfig config) {
    return new ResourceQuotas(
        config.quotas().customerKeysPerRegion(),
        config.quotas().aliasesPerKey(),
        config.quotas().grantsPerKey());
  }

  @Produces
  @Singleton
  Kms kms(
      KmsEnvironment environment,
      AuditSink audit,
      IdentityPolicies identityPolicies,
      KmsConfig config) {
    // Before the KMS exists: a request that arrives early waits for this producer, so no request
    // is served before the seed file is applied.
    config.seedFile().ifPresent(file -> SeedFileLoader.apply(file, environment, audit));
    return new Kms(
        environment,
        audit,
        identityPolicies,
        config.awsManagedKeys().createOnFirstUse(),
        new KeyLastUsageTracker.Settings(
            config.keyLastUsage().flushInterval(), config.keyLastUsage().maxPending()));
  }

  /**
   * The identity policies of callers: from the deployment's principals document in Secrets Manager,
   * else from the local principals (the principals file), else none.
   */
  @Produces
  @Singleton
  IdentityPolicies identityPolicies(KmsConfig config, Instance<LocalPrincipals> local) {
    if (config.principalsSecretArn().isPresent()) {
      refuseBoth(
          "kms.principals-secret-arn", "kms.principals-file", config.principalsFile().isPresent());
      SecretArn arn = SecretArn.parse(config.principalsSecretArn().get());
      PrincipalsSecret secret =
          new PrincipalsSecret(
              AwsClients.secretsManager(arn, config.enclave().secretsEndpoint()), arn);
      return new RefreshingIdentityPolicies(
          secret,
          Clock.systemUTC(),
          config.principalsRefresh(),
          config.principalsRefresh().multipliedBy(PRINCIPALS_MAX_AGE_REFRESHES));
    }
    if (config.local().enabled() || config.principalsFile().isPresent()) {
      return local.get().identityPolicies();
    }
    return IdentityPolicies.none();
  }

  void closeIdentityPolicies(@Disposes IdentityPolicies identityPolicies) {
    if (identityPolicies instanceof AutoCloseable closeable) {
      closeQuietly(closeable);
    }
  }

  /** The local server's principals, by access key (read at start: a malformed file stops it). */
  @Produces
  @Singleton
  LocalPrincipals localPrincipals(KmsConfig config) {
    return LocalPrincipals.load(
        config.local().credentials(),
        config.local().credentialsFile(),
        config.principalsFile(),
        config.accountId());
  }

  @Produces
  @Singleton
  KeyLifecycleJob lifecycleJob(KmsEnvironment environment, AuditSink audit) {
    return new KeyLifecycleJob(environment, new AuditRecorder(audit, environment.location()));
  }

  @Produces
  @Singleton
  MetricSink metricSink(Clock clock) {
    return new EmfMetricSink(System.out, clock);
  }

  @Produces
  @Singleton
  KeyMaterialExpiryReport expiryReport(KmsEnvironment environment, MetricSink metrics) {
    return new KeyMaterialExpiryReport(environment, metrics);
  }

  @Produces
  @Singleton
  EncryptionResultSink encryptionResults(KmsConfig config, ObjectMapper mapper) {
    if (config.events().resultsStream().isPresent()) {
      return new KinesisResultSink(
          AwsClients.kinesis(config.region(), config.events().endpoint()),
          config.events().resultsStream().get(),
          mapper);
    }
    return new JsonLinesResultSink(dataFile(config, "event-results.jsonl"), mapper);
  }

  @Produces
  @Singleton
  WireDispatcher wireDispatcher(Kms kms, ObjectMapper mapper, KmsConfig config) {
    return new WireDispatcher(kms, mapper, config.maxRequestBytes(), requestQuotas(config));
  }

  /** Counted in real time: they bound real CPU, whatever the (possibly offset) KMS clock says. */
  private static RequestQuotas requestQuotas(KmsConfig config) {
    return new RequestQuotas(
        Map.of(
            "GetParametersForImport",
            new RequestQuotas.Quota(
                config.quotas().getParametersForImportPerSecond(),
                config.quotas().getParametersForImportBurst())),
        Clock.systemUTC());
  }

  @Produces
  @Singleton
  SigV4Verifier sigV4Verifier(KmsConfig config, LocalPrincipals principals) {
    return new SigV4Verifier(
        principals,
        config.local().signingService(),
        config.local().maxClockSkew(),
        Clock.systemUTC(),
        config.region());
  }

  /** A file in the data directory, which is created owner-only on first use. */
  private static Path dataFile(KmsConfig config, String name) {
    Path dir = config.dataDir().toAbsolutePath();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
    return dir.resolve(name);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.getLogger(KmsWiring.class.getName())
          .log(System.Logger.Level.WARNING, "close failed", e);
    }
  }
}

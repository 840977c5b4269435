package dev.serverlesskms.functions.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.operation.KmsEnvironment;
import dev.serverlesskms.core.port.AuditSink;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKey;
import dev.serverlesskms.enclave.RootKeyFile;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.functions.local.LocalCredentials;
import dev.serverlesskms.functions.local.SigV4Verifier;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.local.JsonLinesAuditSink;
import dev.serverlesskms.local.MvStoreKeyStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Builds the KMS from configuration: the one place that picks adapters and reads settings. kms-core
 * classes carry no CDI annotations; they are made here with plain constructors.
 */
@ApplicationScoped
public class KmsWiring {

  /** Builds everything at start: the enclave's self-tests run and the root key exists before the first request. */
  void eagerStart(@Observes StartupEvent event, Kms kms, WireDispatcher dispatcher) {
    kms.operations();
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
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
      case EMBEDDED -> MvStoreKeyStore.open(config.store().file().orElse(dataFile(config, "keys.mv.db")));
    };
  }

  void closeKeyStore(@Disposes KeyStore store) {
    if (store instanceof AutoCloseable closeable) {
      closeQuietly(closeable);
    }
  }

  @Produces
  @Singleton
  Enclave enclave(KmsConfig config) {
    KmsConfig.Enclave settings = config.enclave();
    RootKey rootKey =
        switch (settings.kind()) {
          case SOFTWARE -> settings.rootKeySecret().isPresent()
              ? RootKeySecret.decode(settings.rootKeySecret().get())
              : RootKeyFile.openOrCreate(settings.rootKeyFile().orElse(dataFile(config, "root-key")));
        };
    return new KeyVersionEnclave(rootKey, new SecureRandom(), settings.cacheSize());
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
      case FILE -> new JsonLinesAuditSink(config.audit().file().orElse(dataFile(config, "audit.jsonl")), config.audit().fsync());
    };
  }

  @Produces
  @Singleton
  Kms kms(KmsLocation location, KeyStore store, Enclave enclave, Clock clock, AuditSink audit) {
    return new Kms(new KmsEnvironment(location, store, enclave, clock), audit);
  }

  @Produces
  @Singleton
  WireDispatcher wireDispatcher(Kms kms, ObjectMapper mapper) {
    return new WireDispatcher(kms, mapper);
  }

  @Produces
  @Singleton
  SigV4Verifier sigV4Verifier(KmsConfig config) {
    LocalCredentials credentials =
        LocalCredentials.load(config.local().credentials(), config.local().credentialsFile(), config.accountId());
    return new SigV4Verifier(credentials, config.region(), "kms", config.local().maxClockSkew());
  }

  /** A file in the data directory, which is created owner-only on first use. */
  private static Path dataFile(KmsConfig config, String name) {
    Path dir = config.dataDir().toAbsolutePath();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
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
      System.getLogger(KmsWiring.class.getName()).log(System.Logger.Level.WARNING, "close failed", e);
    }
  }
}

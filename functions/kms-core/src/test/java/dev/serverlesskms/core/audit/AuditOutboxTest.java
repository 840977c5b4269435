package dev.serverlesskms.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.api.CancelKeyDeletionRequest;
import dev.serverlesskms.core.api.CreateAliasRequest;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DeleteAliasRequest;
import dev.serverlesskms.core.api.DeleteImportedKeyMaterialRequest;
import dev.serverlesskms.core.api.DescribeKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRotationRequest;
import dev.serverlesskms.core.api.EnableKeyRequest;
import dev.serverlesskms.core.api.EnableKeyRotationRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.GetParametersForImportRequest;
import dev.serverlesskms.core.api.GetParametersForImportResponse;
import dev.serverlesskms.core.api.ImportKeyMaterialRequest;
import dev.serverlesskms.core.api.RotateKeyOnDemandRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.api.UntagResourceRequest;
import dev.serverlesskms.core.api.UpdateAliasRequest;
import dev.serverlesskms.core.api.UpdateKeyDescriptionRequest;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.testkit.FaultyKeyStore;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.TestEnclave;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, item 4: no key or alias changes without its audit record, and no caller is told "not
 * completed" about a change that happened. Every operation that changes something, and every
 * lifecycle action, is run with the audit sink down, with the store failing before and after its
 * commit, and with nothing failing, through the real {@code Kms} facade on an in-memory store
 * wrapped in {@link FaultyKeyStore}.
 */
class AuditOutboxTest {
  private static final byte[] MATERIAL = new byte[32];

  private final InMemoryKeyStore memory = new InMemoryKeyStore();
  private final FaultyKeyStore store = new FaultyKeyStore(memory);
  private final TestKms test = TestKms.on(store, new TestEnclave());

  /** One operation that changes something: how to set it up, run it, and see its change. */
  record Mutation(
      String eventName, Consumer<Fixture> prepare, Consumer<Fixture> run, Predicate<Fixture> done) {
    @Override
    public String toString() {
      return eventName;
    }
  }

  /** What a mutation works on: the test KMS and the keys and import parameters it prepared. */
  static final class Fixture {
    final TestKms test;
    String keyId;
    String otherKeyId;
    GetParametersForImportResponse importParameters;

    Fixture(TestKms test) {
      this.test = test;
    }

    KmsKey key() {
      return test.store().find(new KeyId(keyId)).orElseThrow();
    }
  }

  static Stream<Mutation> mutations() {
    return Stream.of(
        new Mutation(
            "CreateKey",
            f -> {},
            f -> createKey(f.test, "made by the test"),
            f ->
                f.test.store().listKeys(null, 10).items().stream()
                    .anyMatch(
                        id ->
                            "made by the test"
                                .equals(f.test.store().find(id).orElseThrow().description()))),
        new Mutation(
            "UpdateKeyDescription",
            f -> f.keyId = createKey(f.test, "before"),
            f ->
                f.test.call(
                    f.test.kms().updateKeyDescription,
                    new UpdateKeyDescriptionRequest(f.keyId, "after")),
            f -> f.key().description().equals("after")),
        new Mutation(
            "DisableKey",
            f -> f.keyId = createKey(f.test, "k"),
            f -> f.test.call(f.test.kms().disableKey, new DisableKeyRequest(f.keyId)),
            f -> f.key().state() == KeyState.DISABLED),
        new Mutation(
            "EnableKey",
            f -> {
              f.keyId = createKey(f.test, "k");
              f.test.call(f.test.kms().disableKey, new DisableKeyRequest(f.keyId));
            },
            f -> f.test.call(f.test.kms().enableKey, new EnableKeyRequest(f.keyId)),
            f -> f.key().state() == KeyState.ENABLED),
        new Mutation(
            "TagResource",
            f -> f.keyId = createKey(f.test, "k"),
            f ->
                f.test.call(
                    f.test.kms().tagResource,
                    new TagResourceRequest(f.keyId, List.of(new Tag("team", "payments")))),
            f -> f.key().tags().equals(List.of(new Tag("team", "payments")))),
        new Mutation(
            "UntagResource",
            f -> {
              f.keyId = createKey(f.test, "k");
              f.test.call(
                  f.test.kms().tagResource,
                  new TagResourceRequest(f.keyId, List.of(new Tag("team", "payments"))));
            },
            f ->
                f.test.call(
                    f.test.kms().untagResource, new UntagResourceRequest(f.keyId, List.of("team"))),
            f -> f.key().tags().isEmpty()),
        new Mutation(
            "EnableKeyRotation",
            f -> f.keyId = createKey(f.test, "k"),
            f ->
                f.test.call(
                    f.test.kms().enableKeyRotation, new EnableKeyRotationRequest(f.keyId, 90)),
            f -> f.key().rotation().enabled()),
        new Mutation(
            "DisableKeyRotation",
            f -> {
              f.keyId = createKey(f.test, "k");
              f.test.call(
                  f.test.kms().enableKeyRotation, new EnableKeyRotationRequest(f.keyId, 90));
            },
            f ->
                f.test.call(
                    f.test.kms().disableKeyRotation, new DisableKeyRotationRequest(f.keyId)),
            f -> !f.key().rotation().enabled()),
        new Mutation(
            "RotateKeyOnDemand",
            f -> f.keyId = createKey(f.test, "k"),
            f -> f.test.call(f.test.kms().rotateKeyOnDemand, new RotateKeyOnDemandRequest(f.keyId)),
            f -> f.key().versions().size() == 2),
        new Mutation(
            "ScheduleKeyDeletion",
            f -> f.keyId = createKey(f.test, "k"),
            f ->
                f.test.call(
                    f.test.kms().scheduleKeyDeletion, new ScheduleKeyDeletionRequest(f.keyId, 7)),
            f -> f.key().state() == KeyState.PENDING_DELETION),
        new Mutation(
            "CancelKeyDeletion",
            f -> {
              f.keyId = createKey(f.test, "k");
              f.test.call(
                  f.test.kms().scheduleKeyDeletion, new ScheduleKeyDeletionRequest(f.keyId, 7));
            },
            f -> f.test.call(f.test.kms().cancelKeyDeletion, new CancelKeyDeletionRequest(f.keyId)),
            f -> f.key().state() == KeyState.DISABLED),
        new Mutation(
            "CreateAlias",
            f -> f.keyId = createKey(f.test, "k"),
            f ->
                f.test.call(
                    f.test.kms().createAlias, new CreateAliasRequest("alias/outbox", f.keyId)),
            f -> f.test.store().findAlias("alias/outbox").isPresent()),
        new Mutation(
            "UpdateAlias",
            f -> {
              f.keyId = createKey(f.test, "k");
              f.otherKeyId = createKey(f.test, "other");
              f.test.call(
                  f.test.kms().createAlias, new CreateAliasRequest("alias/outbox", f.keyId));
            },
            f ->
                f.test.call(
                    f.test.kms().updateAlias, new UpdateAliasRequest("alias/outbox", f.otherKeyId)),
            f ->
                f.test
                    .store()
                    .findAlias("alias/outbox")
                    .orElseThrow()
                    .targetKeyId()
                    .value()
                    .equals(f.otherKeyId)),
        new Mutation(
            "DeleteAlias",
            f -> {
              f.keyId = createKey(f.test, "k");
              f.test.call(
                  f.test.kms().createAlias, new CreateAliasRequest("alias/outbox", f.keyId));
            },
            f -> f.test.call(f.test.kms().deleteAlias, new DeleteAliasRequest("alias/outbox")),
            f -> f.test.store().findAlias("alias/outbox").isEmpty()),
        new Mutation(
            "ImportKeyMaterial",
            AuditOutboxTest::prepareImport,
            AuditOutboxTest::importMaterial,
            f -> f.key().state() == KeyState.ENABLED),
        new Mutation(
            "DeleteImportedKeyMaterial",
            f -> {
              prepareImport(f);
              importMaterial(f);
            },
            f ->
                f.test.call(
                    f.test.kms().deleteImportedKeyMaterial,
                    new DeleteImportedKeyMaterialRequest(f.keyId, null)),
            f -> f.key().state() == KeyState.PENDING_IMPORT));
  }

  // ---------------------------------------------------------------- every mutating operation

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void sinkDown_callerSucceeds_changeIsStored_andItsRecordWaitsInTheOutbox(Mutation mutation) {
    Fixture f = prepared(mutation);
    test.audit().refuse(true);

    mutation.run().accept(f); // no exception: the change and its record are stored

    assertThat(mutation.done().test(f)).as("the change is stored").isTrue();
    List<OutboxRecord> pending = memory.pendingRecords(10);
    assertThat(pending).singleElement();
    AuditEvent record = pending.get(0).event();
    assertThat(record.eventName()).isEqualTo(mutation.eventName());
    assertThat(record.errorCode()).isNull();
    assertThat(record.readOnly()).isFalse();
    assertThat(events(mutation.eventName())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void sinkBack_thePendingRecordIsDeliveredBeforeTheNextWrite_exactlyOnce(Mutation mutation) {
    Fixture f = prepared(mutation);
    test.audit().refuse(true);
    mutation.run().accept(f);
    OutboxRecord pending = memory.pendingRecords(10).get(0);
    test.audit().refuse(false);

    createKey(test, "the next write");
    test.kms().auditRelay().drain();
    test.lifecycleJob().run();

    List<AuditEvent> delivered =
        test.audit().events().stream()
            .filter(e -> e.eventId().equals(pending.event().eventId()))
            .toList();
    assertThat(delivered).singleElement();
    assertThat(AuditEventJson.toJson(delivered.get(0))).isEqualTo(pending.json());
    assertThat(eventNames()).endsWith(mutation.eventName(), "CreateKey");
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void storeFailsToCommit_nothingChanges_noRecordIsKept_andTheRefusalIsAudited(Mutation mutation) {
    Fixture f = prepared(mutation);
    store.failing(FaultyKeyStore.WRITES, FaultyKeyStore.unavailable());

    assertThatThrownBy(() -> mutation.run().accept(f))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> assertThat(e.type()).isEqualTo(KmsErrorType.DEPENDENCY_TIMEOUT));

    store.heal();
    assertThat(mutation.done().test(f)).as("nothing changed").isFalse();
    assertThat(memory.pendingRecords(10)).isEmpty();
    AuditEvent refusal = test.audit().last();
    assertThat(refusal.eventName()).isEqualTo(mutation.eventName());
    assertThat(refusal.errorCode()).isEqualTo("DependencyTimeoutException");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void storeLosesTheAnswerAfterCommitting_theChangeStillHasItsRecord(Mutation mutation) {
    Fixture f = prepared(mutation);
    store.losingWriteAnswers();

    assertThatThrownBy(() -> mutation.run().accept(f))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> {
              assertThat(e.type()).isEqualTo(KmsErrorType.DEPENDENCY_TIMEOUT);
              assertThat(e.getMessage()).doesNotContain("not completed");
            });
    store.heal();
    assertThat(mutation.done().test(f)).as("the change happened").isTrue();
    String committedId = memory.pendingRecords(10).get(0).event().eventId();

    createKey(test, "the next write");

    assertThat(test.audit().events())
        .filteredOn(e -> e.eventId().equals(committedId))
        .singleElement()
        .satisfies(e -> assertThat(e.errorCode()).isNull());
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void nothingFails_oneRecord_deliveredAtOnce_andNoneLeftInTheOutbox(Mutation mutation) {
    Fixture f = prepared(mutation);

    mutation.run().accept(f);

    assertThat(mutation.done().test(f)).isTrue();
    assertThat(events(mutation.eventName())).singleElement();
    assertThat(test.audit().last().eventName()).isEqualTo(mutation.eventName());
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  // ---------------------------------------------------------------- the lifecycle job

  @Test
  void lifecycle_sinkDown_everyActionIsStoredWithItsRecord_andTheRunReportsThemPending() {
    String rotating = createKey(test, "rotating");
    test.call(test.kms().enableKeyRotation, new EnableKeyRotationRequest(rotating, 90));
    String doomed = createKey(test, "doomed");
    test.call(test.kms().scheduleKeyDeletion, new ScheduleKeyDeletionRequest(doomed, 7));
    test.clock().advance(Duration.ofDays(91));
    test.audit().refuse(true);

    var summary = test.lifecycleJob().run();

    assertThat(summary.rotated()).isEqualTo(1);
    assertThat(summary.deleted()).isEqualTo(1);
    assertThat(summary.failures())
        .containsExactly("audit outbox: records stay pending (the audit sink did not take them)");
    assertThat(memory.find(new KeyId(rotating)).orElseThrow().versions()).hasSize(2);
    assertThat(memory.find(new KeyId(doomed))).isEmpty();
    assertThat(memory.pendingRecords(10))
        .extracting(r -> r.event().eventName())
        .containsExactlyInAnyOrder("RotateKey", "DeleteKey");

    test.audit().refuse(false);
    var next = test.lifecycleJob().run();

    assertThat(next.failures()).isEmpty();
    assertThat(next.rotated() + next.deleted()).isZero();
    assertThat(events("RotateKey")).singleElement();
    assertThat(events("DeleteKey")).singleElement();
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @Test
  void lifecycle_expiryWithTheSinkDown_isStoredWithItsRecord() {
    Fixture f = new Fixture(test);
    prepareImport(f);
    importMaterial(f);
    test.clock().advance(Duration.ofDays(2));
    test.audit().refuse(true);

    var summary = test.lifecycleJob().run();

    assertThat(summary.expired()).isEqualTo(1);
    assertThat(f.key().state()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(memory.pendingRecords(10))
        .singleElement()
        .satisfies(r -> assertThat(r.event().eventName()).isEqualTo("DeleteExpiredKeyMaterial"));
  }

  @Test
  void lifecycle_storeFailsToCommit_nothingIsDone_andNoRecordIsKept() {
    String rotating = createKey(test, "rotating");
    test.call(test.kms().enableKeyRotation, new EnableKeyRotationRequest(rotating, 90));
    String doomed = createKey(test, "doomed");
    test.call(test.kms().scheduleKeyDeletion, new ScheduleKeyDeletionRequest(doomed, 7));
    test.clock().advance(Duration.ofDays(91));
    store.failing(FaultyKeyStore.WRITES, FaultyKeyStore.unavailable());

    var summary = test.lifecycleJob().run();

    assertThat(summary.failures()).hasSize(2);
    assertThat(memory.find(new KeyId(rotating)).orElseThrow().versions()).hasSize(1);
    assertThat(memory.find(new KeyId(doomed))).isPresent();
    assertThat(memory.pendingRecords(10)).isEmpty();
    assertThat(events("RotateKey")).isEmpty();
    assertThat(events("DeleteKey")).isEmpty();
  }

  @Test
  void lifecycle_outboxUnreadable_isReportedAsAFailureOfTheRun() {
    store.failing(FaultyKeyStore.OUTBOX, FaultyKeyStore.unavailable());

    var summary = test.lifecycleJob().run();

    assertThat(summary.failures()).containsExactly("audit outbox: StoreUnavailableException");
  }

  // ---------------------------------------------------------------- what stays fail-closed

  @Test
  void sinkDown_readsFailClosed_andWorkAgainWhenItIsBack() {
    String keyId = createKey(test, "k");
    test.audit().refuse(true);

    assertThatThrownBy(() -> test.call(test.kms().describeKey, new DescribeKeyRequest(keyId, null)))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.INTERNAL));
    assertThatThrownBy(() -> encrypt(keyId))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.INTERNAL));

    test.audit().refuse(false);
    test.call(test.kms().describeKey, new DescribeKeyRequest(keyId, null));
    encrypt(keyId);
    assertThat(eventNames()).endsWith("DescribeKey", "Encrypt");
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @Test
  void sinkDown_aRefusedChangeFailsClosed_andWritesNothing() {
    String keyId = createKey(test, "k");
    test.call(test.kms().scheduleKeyDeletion, new ScheduleKeyDeletionRequest(keyId, 7));
    test.audit().refuse(true);

    assertThatThrownBy(() -> test.call(test.kms().enableKey, new EnableKeyRequest(keyId)))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.INTERNAL));
    assertThat(memory.find(new KeyId(keyId)).orElseThrow().state())
        .isEqualTo(KeyState.PENDING_DELETION);
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @Test
  void sinkDown_aChangeThatChangesNothingFailsClosed_andWritesNothing() {
    String keyId = createKey(test, "k");
    long revision = memory.find(new KeyId(keyId)).orElseThrow().revision();
    test.audit().refuse(true);

    assertThatThrownBy(() -> test.call(test.kms().enableKey, new EnableKeyRequest(keyId)))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.INTERNAL));
    assertThat(memory.find(new KeyId(keyId)).orElseThrow().revision()).isEqualTo(revision);
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  @Test
  void readRequests_neverTouchTheOutbox_writeRequestsOnlyWhileRecordsMayBePending() {
    String keyId = createKey(test, "k"); // the first write of a process looks once
    int afterFirstWrite = store.outboxReads();

    test.call(test.kms().describeKey, new DescribeKeyRequest(keyId, null));
    encrypt(keyId);
    test.call(test.kms().disableKey, new DisableKeyRequest(keyId));

    assertThat(afterFirstWrite).isEqualTo(1);
    assertThat(store.outboxReads()).as("nothing was pending").isEqualTo(1);

    test.audit().refuse(true);
    test.call(test.kms().enableKey, new EnableKeyRequest(keyId));
    test.audit().refuse(false);
    encrypt(keyId);
    assertThat(store.outboxReads()).as("reads still do not look").isEqualTo(1);
    test.call(test.kms().disableKey, new DisableKeyRequest(keyId));
    assertThat(store.outboxReads()).as("the next write drains").isEqualTo(2);
    assertThat(memory.pendingRecords(10)).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  private Fixture prepared(Mutation mutation) {
    Fixture f = new Fixture(test);
    mutation.prepare().accept(f);
    test.audit().clear();
    return f;
  }

  private List<AuditEvent> events(String eventName) {
    return test.audit().events().stream().filter(e -> e.eventName().equals(eventName)).toList();
  }

  private List<String> eventNames() {
    return test.audit().events().stream().map(AuditEvent::eventName).toList();
  }

  private void encrypt(String keyId) {
    test.call(
        test.kms().encrypt,
        new EncryptRequest(
            keyId, "hi".getBytes(StandardCharsets.UTF_8), Map.of(), null, null, null));
  }

  private static String createKey(TestKms test, String description) {
    return createKey(test, description, null);
  }

  private static String createKey(TestKms test, String description, Origin origin) {
    return test.call(
            test.kms().createKey,
            new CreateKeyRequest(
                null, description, null, null, null, origin, null, null, null, null, null))
        .keyMetadata()
        .keyId();
  }

  private static void prepareImport(Fixture f) {
    f.keyId = createKey(f.test, "external", Origin.EXTERNAL);
    f.importParameters =
        f.test.call(
            f.test.kms().getParametersForImport,
            new GetParametersForImportRequest(
                f.keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048));
  }

  private static void importMaterial(Fixture f) {
    f.test.call(
        f.test.kms().importKeyMaterial,
        new ImportKeyMaterialRequest(
            f.keyId,
            f.importParameters.importToken(),
            wrap(f.importParameters.publicKey()),
            f.test.clock().instant().plus(Duration.ofDays(1)),
            ExpirationModel.KEY_MATERIAL_EXPIRES,
            null,
            null,
            null));
  }

  /** The material wrapped as a customer wraps it: RSAES_OAEP_SHA_256 under the public key. */
  private static byte[] wrap(byte[] publicKeyDer) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(
          Cipher.ENCRYPT_MODE,
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer)),
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      return rsa.doFinal(MATERIAL);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CreateKeyResponse;
import dev.serverlesskms.core.api.DescribeKeyRequest;
import dev.serverlesskms.core.api.DescribeKeyResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.testkit.FaultyKeyStore;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.TestKms;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the {@link Kms} facade adds to every operation: the operation table, one audit record per
 * request (allowed, refused, or rejected before it reached an operation) carrying who asked and
 * how, fail-closed auditing, and the mapping of failures the caller did not cause: a store outage
 * to DependencyTimeoutException, a key too contended to ThrottlingException, anything else to
 * KMSInternalException, never with the cause in the message.
 */
class KmsFacadeTest {
  private static final Set<String> READ_ONLY =
      Set.of(
          "DescribeKey",
          "ListKeys",
          "Encrypt",
          "Decrypt",
          "ReEncrypt",
          "Sign",
          "Verify",
          "GetPublicKey",
          "GenerateDataKey",
          "GenerateDataKeyWithoutPlaintext",
          "GenerateRandom",
          "GenerateMac",
          "VerifyMac",
          "GenerateDataKeyPair",
          "GenerateDataKeyPairWithoutPlaintext",
          "DeriveSharedSecret",
          "ListAliases",
          "ListResourceTags",
          "ListGrants",
          "ListRetirableGrants",
          "GetKeyRotationStatus",
          "GetKeyPolicy",
          "ListKeyPolicies",
          "ListKeyRotations",
          "GetParametersForImport",
          "DescribeCustomKeyStores",
          "GetKeyLastUsage");

  private final FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
  private final KmsFixture f = KmsFixture.on(store);
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ the operation table

  @Test
  void theOperationTable_namesEveryOperation_asAwsNamesIt_withCloudTrailsReadOnlyFlag() {
    assertThat(kms.operations())
        .extracting(OperationBinding::name)
        .containsExactly(
            "CreateKey",
            "DescribeKey",
            "ListKeys",
            "UpdateKeyDescription",
            "EnableKey",
            "DisableKey",
            "Encrypt",
            "Decrypt",
            "ReEncrypt",
            "Sign",
            "Verify",
            "GetPublicKey",
            "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext",
            "GenerateRandom",
            "GenerateMac",
            "VerifyMac",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "DeriveSharedSecret",
            "CreateAlias",
            "UpdateAlias",
            "DeleteAlias",
            "ListAliases",
            "TagResource",
            "UntagResource",
            "ListResourceTags",
            "EnableKeyRotation",
            "DisableKeyRotation",
            "GetKeyRotationStatus",
            "RotateKeyOnDemand",
            "ListKeyRotations",
            "ScheduleKeyDeletion",
            "CancelKeyDeletion",
            "GetParametersForImport",
            "ImportKeyMaterial",
            "DeleteImportedKeyMaterial",
            "CreateGrant",
            "ListGrants",
            "ListRetirableGrants",
            "RetireGrant",
            "RevokeGrant",
            "GetKeyPolicy",
            "PutKeyPolicy",
            "ListKeyPolicies",
            "CreateCustomKeyStore",
            "DescribeCustomKeyStores",
            "ConnectCustomKeyStore",
            "DisconnectCustomKeyStore",
            "UpdateCustomKeyStore",
            "DeleteCustomKeyStore",
            "GetKeyLastUsage",
            "ReplicateKey",
            "UpdatePrimaryRegion");
    for (OperationBinding<?, ?> binding : kms.operations()) {
      assertThat(binding.readOnly())
          .as(binding.name())
          .isEqualTo(READ_ONLY.contains(binding.name()));
      assertThat(kms.operation(binding.name())).containsSame(binding);
      assertThat(binding.requestType().getSimpleName()).isEqualTo(binding.name() + "Request");
    }
    assertThat(kms.operation("Encrypt")).containsSame(kms.encrypt);
    assertThat(kms.operation("MineBitcoin")).isEmpty();
  }

  @Test
  void invokeUnchecked_runsARequestHeldAsAnObject_likeInvoke() {
    String keyId = f.createKey();
    Object request = new DescribeKeyRequest(keyId, null);

    DescribeKeyResponse response =
        kms.invokeUnchecked(kms.describeKey, request, TestKms.context(TestKms.accountRoot()));

    assertThat(response.keyMetadata().keyId()).isEqualTo(keyId);
    assertThat(f.lastAudit().eventName()).isEqualTo("DescribeKey");
  }

  // ------------------------------------------------------------------ one audit record per request

  @Test
  void everyRequest_leavesOneAuditRecord_withItsRequestIdAndAFreshEventId() {
    String keyId = f.createKey();
    byte[] blob = f.encrypt(keyId, "audited");
    f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, Requests.decrypt(new byte[64]));
    f.error(KmsErrorType.NOT_FOUND, kms.encrypt, Requests.encrypt("alias/missing", utf8("x")));
    f.decrypt(blob);

    List<AuditEvent> events = f.audit();
    assertThat(events)
        .extracting(AuditEvent::eventName)
        .containsExactly("CreateKey", "Encrypt", "Decrypt", "Encrypt", "Decrypt");
    assertThat(events)
        .extracting(AuditEvent::errorCode)
        .containsExactly(null, null, "InvalidCiphertextException", "NotFoundException", null);
    assertThat(events.stream().map(AuditEvent::eventId).collect(Collectors.toSet())).hasSize(5);
    assertThat(events.stream().map(AuditEvent::requestId).collect(Collectors.toSet())).hasSize(5);
    for (AuditEvent event : events) {
      assertThat(event.eventVersion()).isEqualTo("1.08");
      assertThat(event.eventSource()).isEqualTo("kms.amazonaws.com");
      assertThat(event.awsRegion()).isEqualTo("us-east-1");
      assertThat(event.eventTime()).isEqualTo(f.now());
      assertThat(event.recipientAccountId()).isEqualTo("111122223333");
      assertThat(event.eventType()).isEqualTo("AwsApiCall");
    }
  }

  @Test
  void theAuditRecord_namesTheCallerAndTheRequestAsTheTransportSawThem() {
    Caller user =
        new Caller(
            "IAMUser",
            "AIDAEXAMPLE",
            "arn:aws:iam::111122223333:user/alice",
            "111122223333",
            "AKIAEXAMPLE");
    RequestContext context = new RequestContext("req-1", user, "203.0.113.7", "aws-cli/2.15");
    f.test.attachIdentityPolicy(
        user.arn(),
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"kms:CreateKey\",\"Resource\":\"*\"}]}");

    CreateKeyResponse created = kms.invoke(kms.createKey, Requests.createKey().build(), context);

    AuditEvent event = f.lastAudit();
    assertThat(event.requestId()).isEqualTo("req-1");
    assertThat(event.sourceIpAddress()).isEqualTo("203.0.113.7");
    assertThat(event.userAgent()).isEqualTo("aws-cli/2.15");
    assertThat(event.userIdentity())
        .isEqualTo(
            new AuditEvent.UserIdentity(
                "IAMUser",
                "AIDAEXAMPLE",
                "arn:aws:iam::111122223333:user/alice",
                "111122223333",
                "AKIAEXAMPLE",
                null));
    assertThat(event.resources())
        .containsExactly(
            new AuditEvent.Resource("111122223333", "AWS::KMS::Key", created.keyMetadata().arn()));
  }

  @Test
  void aServiceCaller_isAuditedAsAServiceEvent() {
    f.test.callAs(Caller.service("111122223333"), kms.listKeys, Requests.listKeys(null, null));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventType()).isEqualTo("AwsServiceEvent");
    assertThat(event.userIdentity().type()).isEqualTo("AWSService");
    assertThat(event.userIdentity().invokedBy()).isEqualTo("kms.amazonaws.com");
  }

  @Test
  void aRequestRejectedBeforeItsOperation_isAuditedToo() {
    RequestContext context = TestKms.context(TestKms.accountRoot());

    kms.recordRejected(
        "Encrypt", context, KmsException.of(KmsErrorType.SERIALIZATION, "Start of structure"));
    AuditEvent encrypt = f.lastAudit();
    assertThat(encrypt.eventName()).isEqualTo("Encrypt");
    assertThat(encrypt.readOnly()).isTrue();
    assertThat(encrypt.errorCode()).isEqualTo("SerializationException");
    assertThat(encrypt.errorMessage()).isEqualTo("Start of structure");
    assertThat(encrypt.requestParameters()).isNull();
    assertThat(encrypt.responseElements()).isNull();
    assertThat(encrypt.resources()).isEmpty();
    assertThat(encrypt.requestId()).isEqualTo(context.requestId());

    kms.recordRejected(
        "CreateKey", context, KmsException.of(KmsErrorType.VALIDATION, "1 validation error"));
    assertThat(f.lastAudit().readOnly()).isFalse();
    kms.recordRejected(
        "MineBitcoin",
        context,
        KmsException.of(KmsErrorType.UNKNOWN_OPERATION, "MineBitcoin is not an operation"));
    assertThat(f.lastAudit().eventName()).isEqualTo("MineBitcoin");
    assertThat(f.lastAudit().readOnly()).isTrue();
    assertThat(f.lastAudit().errorCode()).isEqualTo("UnknownOperationException");
  }

  @Test
  void theKmsExceptionsText_isTheAwsTypeAndMessage() {
    KmsException error =
        f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey("alias/none"));

    assertThat(error.toString())
        .isEqualTo(
            "NotFoundException: Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.");
  }

  // ------------------------------------------------------------------ fail-closed audit

  @Test
  void whenTheAuditSinkRefuses_theRequestFails_withoutItsResult() {
    String keyId = f.createKey();
    f.test.audit().refuse(true);

    KmsException error =
        f.error(KmsErrorType.INTERNAL, kms.encrypt, Requests.encrypt(keyId, utf8("secret")));
    assertThat(error).hasMessage("The audit log is unavailable; the request was not completed.");
    assertThat(error.getCause()).isInstanceOf(AuditUnavailableException.class);
    assertThat(error.type().httpStatus()).isEqualTo(500);

    KmsException refusal =
        f.error(KmsErrorType.INTERNAL, kms.describeKey, Requests.describeKey("alias/missing"));
    assertThat(refusal).hasMessage("The audit log is unavailable; the request was not completed.");
  }

  @Test
  void whenTheAuditSinkFailsInAnyOtherWay_theRequestFailsAlike() {
    TestKms test = TestKms.create();
    Kms failing =
        new Kms(
            test.environment(),
            event -> {
              throw new IllegalStateException("disk full");
            });
    RequestContext context = TestKms.context(TestKms.accountRoot());

    KmsException error = null;
    try {
      failing.invoke(failing.generateRandom, Requests.generateRandom(8), context);
    } catch (KmsException e) {
      error = e;
    }

    assertThat(error).isNotNull();
    assertThat(error.type()).isEqualTo(KmsErrorType.INTERNAL);
    assertThat(error).hasMessage("The audit log is unavailable; the request was not completed.");
  }

  @Test
  void whenTheAuditSinkRefuses_aChangeSucceedsWithItsRecordKept_andDeliveredOnceTheSinkIsBack() {
    String keyId = f.createKey();
    f.test.audit().clear();
    f.test.audit().refuse(true);
    String created = f.call(kms.createKey, Requests.createKey().build()).keyMetadata().keyId();
    f.call(kms.disableKey, Requests.disableKey(keyId));
    assertThat(f.test.audit().events()).as("nothing reached the refusing sink").isEmpty();

    f.test.audit().refuse(false);
    f.test.kms().auditRelay().drain();

    assertThat(f.test.audit().events())
        .extracting(e -> e.eventName())
        .containsExactlyInAnyOrder("CreateKey", "DisableKey");
    assertThat(f.state(keyId)).isEqualTo(KeyState.DISABLED);
    assertThat(f.call(kms.listKeys, Requests.listKeys(null, null)).keys())
        .extracting(k -> k.keyId())
        .contains(created, keyId);
  }

  // ------------------------------------------------------------------ store faults

  @Test
  void aStoreOutage_isDependencyTimeout_forReadsAndWrites_andIsAudited() {
    String keyId = f.createKey();
    store.failing(FaultyKeyStore.ANY, FaultyKeyStore.unavailable());

    List<KmsException> errors = new ArrayList<>();
    errors.add(
        f.error(KmsErrorType.DEPENDENCY_TIMEOUT, kms.createKey, Requests.createKey().build()));
    errors.add(
        f.error(KmsErrorType.DEPENDENCY_TIMEOUT, kms.describeKey, Requests.describeKey(keyId)));
    errors.add(
        f.error(KmsErrorType.DEPENDENCY_TIMEOUT, kms.encrypt, Requests.encrypt(keyId, utf8("x"))));
    errors.add(
        f.error(KmsErrorType.DEPENDENCY_TIMEOUT, kms.disableKey, Requests.disableKey(keyId)));
    errors.add(
        f.error(KmsErrorType.DEPENDENCY_TIMEOUT, kms.listKeys, Requests.listKeys(null, null)));
    errors.add(
        f.error(
            KmsErrorType.DEPENDENCY_TIMEOUT,
            kms.createAlias,
            Requests.createAlias("alias/down", keyId)));

    for (KmsException error : errors) {
      assertThat(error).hasMessage("The key store is unavailable. Retry the request.");
      assertThat(error.type().httpStatus()).isEqualTo(503);
      assertThat(error.getCause()).isNull();
    }
    assertThat(f.lastAudit().errorCode()).isEqualTo("DependencyTimeoutException");
    assertThat(f.lastAudit().errorMessage()).doesNotContain("the test took the store down");

    store.heal();
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
  }

  @Test
  void anUnexpectedStoreFailure_isKmsInternal_withAGenericMessage() {
    String keyId = f.createKey();
    store.failing("find", () -> new IllegalStateException("item is corrupt: s3cr3t"));

    KmsException error =
        f.error(KmsErrorType.INTERNAL, kms.describeKey, Requests.describeKey(keyId));

    assertThat(error).hasMessage("An internal error occurred. Retry the request.");
    assertThat(error.getCause()).hasMessage("item is corrupt: s3cr3t");
    assertThat(f.lastAudit().errorCode()).isEqualTo("KMSInternalException");
    assertThat(f.lastAudit().errorMessage()).isEqualTo(error.getMessage());
  }

  @Test
  void aLostRace_isRetriedOnFreshState_andTheChangeIsMadeOnce() {
    String keyId = f.createKey();
    store.failing("update", FaultyKeyStore.conflict(), 3);

    f.call(kms.tagResource, Requests.tagResource(keyId, Requests.tag("k", "v")));

    assertThat(f.call(kms.listResourceTags, Requests.listResourceTags(keyId, null, null)).tags())
        .containsExactly(Requests.tag("k", "v"));
    assertThat(f.test.store().find(new KeyId(keyId)).orElseThrow().revision()).isEqualTo(2);
  }

  @Test
  void aKeyStillContendedAfterEveryRetry_isThrottling() {
    String keyId = f.createKey();
    store.failing("update", FaultyKeyStore.conflict());

    assertThat(f.error(KmsErrorType.THROTTLING, kms.disableKey, Requests.disableKey(keyId)))
        .hasMessage(
            "You have exceeded the rate at which you may call KMS. Reduce the frequency of your"
                + " calls.");
    assertThat(f.lastAudit().errorCode()).isEqualTo("ThrottlingException");
    store.heal();
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
  }

  @Test
  void anInterruptedRetry_stopsAtOnce_keepingTheInterrupt() {
    String keyId = f.createKey();
    store.failing("update", FaultyKeyStore.conflict());

    Thread.currentThread().interrupt();
    KmsException error;
    try {
      error = f.error(KmsErrorType.INTERNAL, kms.disableKey, Requests.disableKey(keyId));
    } finally {
      assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
    }
    assertThat(error).hasMessage("Interrupted while retrying a key update.");
  }

  @Test
  void aCreateThatLosesARace_isKmsInternal() {
    store.failing("create", FaultyKeyStore.conflict(), 1);

    f.error(KmsErrorType.INTERNAL, kms.createKey, Requests.createKey().build());

    store.heal();
    assertThat(f.call(kms.listKeys, Requests.listKeys(null, null)).keys()).isEmpty();
  }

  @Test
  void aFaultInTheAliasStore_onCreateAlias_isAlreadyExists_andOnUpdateAlias_isNotFound() {
    String keyId = f.createKey();
    f.createAlias("alias/raced", keyId);
    store.failing("createAlias", FaultyKeyStore.conflict(), 1);

    // The alias was made by someone else between the check and the write.
    f.error(KmsErrorType.ALREADY_EXISTS, kms.createAlias, Requests.createAlias("alias/new", keyId));
    // The alias was deleted by someone else between the read and the write.
    store.failing("updateAlias", FaultyKeyStore.conflict(), 1);
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.updateAlias,
        Requests.updateAlias("alias/raced", f.createKey()));
    assertThat(f.describe("alias/raced").keyId()).isEqualTo(keyId);
  }
}

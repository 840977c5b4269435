package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.Requests.createAlias;
import static dev.serverlesskms.core.operation.Requests.decrypt;
import static dev.serverlesskms.core.operation.Requests.describeKey;
import static dev.serverlesskms.core.operation.Requests.enableKeyRotation;
import static dev.serverlesskms.core.operation.Requests.encrypt;
import static dev.serverlesskms.core.operation.Requests.listAliases;
import static dev.serverlesskms.core.operation.Requests.listKeys;
import static dev.serverlesskms.core.operation.Requests.scheduleKeyDeletion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.api.AliasListEntry;
import dev.serverlesskms.core.api.KeyListEntry;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.lifecycle.LifecycleSummary;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One KMS serves every region a request names ({@link RequestContext#region}): each region is its
 * own key space, its ARNs and audit records name it, and the lifecycle job visits each.
 */
class RegionsTest {
  private static final String HOME = TestKms.LOCATION.region();
  private static final String EU = "eu-west-1";
  private static final String ACCOUNT = TestKms.LOCATION.accountId();

  private final KmsFixture f = new KmsFixture();
  private final TestKms test = f.test;
  private final Kms kms = f.kms;

  private <Q extends KmsRequest, R extends KmsResponse> R inEu(
      OperationBinding<Q, R> operation, Q request) {
    return test.callIn(EU, operation, request);
  }

  private KmsException errorInEu(
      KmsErrorType expected, OperationBinding<? extends KmsRequest, ?> operation, Object request) {
    try {
      kms.invokeUnchecked(operation, request, TestKms.context(TestKms.accountRoot(), EU));
    } catch (KmsException e) {
      assertThat(e.type()).as(e.getMessage()).isEqualTo(expected);
      return e;
    }
    throw new AssertionError(operation.name() + " succeeded, expected " + expected.wireName());
  }

  private String keyInEu() {
    return inEu(kms.createKey, Requests.createKey().build()).keyMetadata().keyId();
  }

  @Test
  void aKeyCreatedInARegion_livesThere_andItsArnNamesIt() {
    String keyId = keyInEu();

    KeyMetadata metadata = inEu(kms.describeKey, describeKey(keyId)).keyMetadata();
    assertThat(metadata.arn()).isEqualTo("arn:aws:kms:" + EU + ":" + ACCOUNT + ":key/" + keyId);
    assertThat(inEu(kms.describeKey, describeKey(metadata.arn())).keyMetadata().keyId())
        .isEqualTo(keyId);
    // Not in the default region: the same answer as for a key that does not exist.
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey(keyId)))
        .hasMessage(
            "Key 'arn:aws:kms:" + HOME + ":" + ACCOUNT + ":key/" + keyId + "' does not exist");
  }

  @Test
  void aKeyOfTheDefaultRegion_isNotFoundInAnother() {
    String keyId = f.createKey();

    assertThat(errorInEu(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey(keyId)))
        .hasMessage(
            "Key 'arn:aws:kms:" + EU + ":" + ACCOUNT + ":key/" + keyId + "' does not exist");
    assertThat(f.describe(keyId).arn()).startsWith("arn:aws:kms:" + HOME + ":");
  }

  @Test
  void theDefaultRegionNamed_isTheSameKeySpaceAsNoRegion() {
    String keyId = f.createKey();

    assertThat(test.callIn(HOME, kms.describeKey, describeKey(keyId)).keyMetadata().keyId())
        .isEqualTo(keyId);
  }

  @Test
  void aKeyArnOfAnotherRegion_isNotFound_asAwsAnswersARegionalEndpoint() {
    String euKey = keyInEu();
    String homeKey = f.createKey();
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);

    assertThat(
            errorInEu(KmsErrorType.NOT_FOUND, kms.encrypt, encrypt(KmsFixture.arn(homeKey), text)))
        .hasMessage("Invalid arn " + HOME);
    String euArn = inEu(kms.describeKey, describeKey(euKey)).keyMetadata().arn();
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.encrypt, encrypt(euArn, text)))
        .hasMessage("Invalid arn " + EU);
  }

  @Test
  void aCiphertextOfAnotherRegion_doesNotDecrypt() {
    String euKey = keyInEu();
    byte[] blob =
        inEu(kms.encrypt, encrypt(euKey, "secret".getBytes(StandardCharsets.UTF_8)))
            .ciphertextBlob();

    assertThat(new String(inEu(kms.decrypt, decrypt(blob)).plaintext(), StandardCharsets.UTF_8))
        .isEqualTo("secret");
    assertThat(f.error(KmsErrorType.ACCESS_DENIED, kms.decrypt, decrypt(blob)))
        .hasMessage(KmsException.ciphertextKeyInaccessible().getMessage());
  }

  @Test
  void listKeys_listsTheRegionsOwnKeysOnly() {
    String home = f.createKey();
    String eu1 = keyInEu();
    String eu2 = keyInEu();

    assertThat(f.call(kms.listKeys, listKeys(null, null)).keys())
        .extracting(KeyListEntry::keyId)
        .containsExactly(home);
    assertThat(inEu(kms.listKeys, listKeys(null, null)).keys())
        .extracting(KeyListEntry::keyId)
        .containsExactlyInAnyOrder(eu1, eu2);
    assertThat(inEu(kms.listKeys, listKeys(null, null)).keys())
        .extracting(KeyListEntry::keyArn)
        .allMatch(arn -> arn.startsWith("arn:aws:kms:" + EU + ":" + ACCOUNT + ":key/"));
  }

  @Test
  void theSameAliasName_existsInEachRegion_forEachRegionsKey() {
    String home = f.createKey();
    String eu = keyInEu();

    f.createAlias("alias/app", home);
    inEu(kms.createAlias, createAlias("alias/app", eu));

    assertThat(f.describe("alias/app").keyId()).isEqualTo(home);
    assertThat(inEu(kms.describeKey, describeKey("alias/app")).keyMetadata().keyId()).isEqualTo(eu);
    AliasListEntry euAlias =
        inEu(kms.listAliases, listAliases(null, null, null)).aliases().stream()
            .filter(a -> a.aliasName().equals("alias/app"))
            .findFirst()
            .orElseThrow();
    assertThat(euAlias.aliasArn()).isEqualTo("arn:aws:kms:" + EU + ":" + ACCOUNT + ":alias/app");
    assertThat(euAlias.targetKeyId()).isEqualTo(eu);
    assertThat(customerAliases(null)).containsExactly("alias/app->" + home);
    assertThat(customerAliases(EU)).containsExactly("alias/app->" + eu);
  }

  @Test
  void anAliasOfAnotherRegion_isNotFound_withThisRegionsArn() {
    String eu = keyInEu();
    inEu(kms.createAlias, createAlias("alias/only-eu", eu));

    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey("alias/only-eu")))
        .hasMessage("Alias arn:aws:kms:" + HOME + ":" + ACCOUNT + ":alias/only-eu is not found.");
  }

  private List<String> customerAliases(String region) {
    List<String> names = new ArrayList<>();
    kms
        .invoke(
            kms.listAliases,
            listAliases(null, null, null),
            TestKms.context(TestKms.accountRoot(), region))
        .aliases()
        .stream()
        .filter(a -> !a.aliasName().startsWith("alias/aws/"))
        .forEach(a -> names.add(a.aliasName() + "->" + a.targetKeyId()));
    return names;
  }

  @Test
  void auditRecords_nameTheRequestsRegion() {
    String keyId = keyInEu();
    AuditEvent created = f.lastAudit();
    assertThat(created.eventName()).isEqualTo("CreateKey");
    assertThat(created.awsRegion()).isEqualTo(EU);

    inEu(kms.describeKey, describeKey(keyId));
    AuditEvent described = f.lastAudit();
    assertThat(described.awsRegion()).isEqualTo(EU);
    assertThat(described.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly("arn:aws:kms:" + EU + ":" + ACCOUNT + ":key/" + keyId);

    f.createKey();
    assertThat(f.lastAudit().awsRegion()).isEqualTo(HOME);
  }

  @Test
  void aRefusedRequest_isAuditedInItsRegion() {
    kms.recordRejected(
        "Encrypt",
        TestKms.context(TestKms.accountRoot(), EU),
        KmsException.of(KmsErrorType.INVALID_SIGNATURE, "bad signature"));

    assertThat(f.lastAudit().awsRegion()).isEqualTo(EU);
    assertThat(f.lastAudit().errorCode()).isEqualTo("InvalidSignatureException");
  }

  @Test
  void aFailedRequest_isAuditedInItsRegion() {
    errorInEu(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey("alias/missing"));

    assertThat(f.lastAudit().awsRegion()).isEqualTo(EU);
    assertThat(f.lastAudit().errorCode()).isEqualTo("NotFoundException");
  }

  @Test
  void theLifecycleJob_deletesAndRotatesInEveryRegion_auditedInEach() {
    String deletedInEu = keyInEu();
    inEu(kms.scheduleKeyDeletion, scheduleKeyDeletion(deletedInEu, 7));
    String rotatedInEu = keyInEu();
    inEu(kms.enableKeyRotation, enableKeyRotation(rotatedInEu, 90));
    String deletedAtHome = f.createKey();
    f.scheduleDeletion(deletedAtHome);
    test.audit().clear();

    f.advance(Duration.ofDays(91));
    LifecycleSummary summary = test.lifecycleJob().run();

    assertThat(summary.failures()).isEmpty();
    assertThat(summary.deleted()).isEqualTo(2);
    assertThat(summary.rotated()).isEqualTo(1);
    assertThat(errorInEu(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey(deletedInEu)))
        .hasMessageContaining(EU);
    assertThat(inEu(kms.describeKey, describeKey(rotatedInEu)).keyMetadata().keyId())
        .isEqualTo(rotatedInEu);
    assertThat(f.audit())
        .filteredOn(e -> e.eventName().equals("DeleteKey"))
        .extracting(AuditEvent::awsRegion)
        .containsExactlyInAnyOrder(EU, HOME);
    AuditEvent rotation =
        f.audit().stream().filter(e -> e.eventName().equals("RotateKey")).findFirst().orElseThrow();
    assertThat(rotation.awsRegion()).isEqualTo(EU);
    assertThat(rotation.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly("arn:aws:kms:" + EU + ":" + ACCOUNT + ":key/" + rotatedInEu);
  }

  @Test
  void aRegionThatIsNotOne_isRefusedBeforeAnyRequestIsMadeOfIt() {
    assertThatThrownBy(
            () -> new RequestContext("r", TestKms.accountRoot(), "127.0.0.1", "test", "moon-base"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void regionGraphs_areBuiltOncePerRegion_andBounded() {
    AtomicInteger built = new AtomicInteger();
    RegionGraphs<String> graphs = new RegionGraphs<>(r -> r + "#" + built.incrementAndGet());

    assertThat(graphs.of(EU)).isEqualTo(EU + "#1");
    assertThat(graphs.of(EU)).isEqualTo(EU + "#1");
    for (int i = 0; i < RegionGraphs.MAX_REGIONS + 10; i++) {
      graphs.of("xx-test-" + i);
      graphs.of(EU); // the most recently used stays
    }
    assertThat(graphs.size()).isEqualTo(RegionGraphs.MAX_REGIONS);
    assertThat(graphs.of(EU)).isEqualTo(EU + "#1");
    assertThat(graphs.of("xx-test-0")).as("dropped, rebuilt").endsWith("#" + built.get());
  }
}

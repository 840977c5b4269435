package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MultiRegionConfiguration;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Multi-Region keys through the AWS SDK for Java v2 against the packaged server, with clients in
 * two regions: replicate, encrypt in one region and decrypt in the other (and sign, and MAC),
 * update the primary region, rotate the primary and see the replica follow, delete a primary that
 * has replicas.
 */
class MultiRegionKeysIT {
  @TempDir Path dataDir;

  @Test
  void aReplica_isTheSameKeyInTheOtherRegion_andTheRolesCanSwap() {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient us = server.client(Region.US_EAST_1);
        KmsClient eu = server.client(Region.EU_WEST_1)) {
      String keyId =
          us.createKey(r -> r.multiRegion(true).description("primary")).keyMetadata().keyId();
      assertThat(keyId).matches("mrk-[0-9a-f]{32}");

      ReplicateKeyResponse replicated =
          us.replicateKey(
              r ->
                  r.keyId(keyId)
                      .replicaRegion("eu-west-1")
                      .description("replica")
                      .tags(Tag.builder().tagKey("side").tagValue("eu").build()));

      assertThat(replicated.replicaKeyMetadata().arn()).contains(":eu-west-1:").endsWith(keyId);
      assertThat(replicated.replicaTags())
          .singleElement()
          .satisfies(t -> t.tagKey().equals("side"));
      MultiRegionConfiguration seenInEu =
          eu.describeKey(r -> r.keyId(keyId)).keyMetadata().multiRegionConfiguration();
      assertThat(seenInEu.multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
      assertThat(seenInEu.primaryKey().region()).isEqualTo("us-east-1");
      assertThat(eu.describeKey(r -> r.keyId(keyId)).keyMetadata().description())
          .isEqualTo("replica");
      assertThat(
              us.describeKey(r -> r.keyId(keyId))
                  .keyMetadata()
                  .multiRegionConfiguration()
                  .replicaKeys())
          .singleElement()
          .satisfies(copy -> assertThat(copy.region()).isEqualTo("eu-west-1"));

      // A ciphertext made in one region decrypts in the other, both ways.
      SdkBytes fromUs =
          us.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("from us")))
              .ciphertextBlob();
      SdkBytes fromEu =
          eu.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("from eu")))
              .ciphertextBlob();
      assertThat(eu.decrypt(r -> r.ciphertextBlob(fromUs)).plaintext().asUtf8String())
          .isEqualTo("from us");
      assertThat(us.decrypt(r -> r.ciphertextBlob(fromEu)).plaintext().asUtf8String())
          .isEqualTo("from eu");

      // Only a primary is replicated.
      expectError(
          "UnsupportedOperationException",
          () -> eu.replicateKey(r -> r.keyId(keyId).replicaRegion("ap-southeast-2")));
      expectError(
          "AlreadyExistsException",
          () -> us.replicateKey(r -> r.keyId(keyId).replicaRegion("eu-west-1")));

      // Rotation of the primary reaches the replica; the replica cannot rotate itself.
      us.rotateKeyOnDemand(r -> r.keyId(keyId));
      assertThat(eu.listKeyRotations(r -> r.keyId(keyId)).rotations())
          .singleElement()
          .satisfies(
              rotation -> assertThat(rotation.rotationType()).isEqualTo(RotationType.ON_DEMAND));
      SdkBytes rotated =
          us.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("rotated")))
              .ciphertextBlob();
      assertThat(eu.decrypt(r -> r.ciphertextBlob(rotated)).plaintext().asUtf8String())
          .isEqualTo("rotated");
      expectError("UnsupportedOperationException", () -> eu.rotateKeyOnDemand(r -> r.keyId(keyId)));
      us.enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(120));
      assertThat(eu.getKeyRotationStatus(r -> r.keyId(keyId)).rotationPeriodInDays())
          .isEqualTo(120);

      // The primary moves to eu-west-1: every copy agrees.
      us.updatePrimaryRegion(r -> r.keyId(keyId).primaryRegion("eu-west-1"));
      assertThat(
              eu.describeKey(r -> r.keyId(keyId))
                  .keyMetadata()
                  .multiRegionConfiguration()
                  .multiRegionKeyType())
          .isEqualTo(MultiRegionKeyType.PRIMARY);
      MultiRegionConfiguration seenInUs =
          us.describeKey(r -> r.keyId(keyId)).keyMetadata().multiRegionConfiguration();
      assertThat(seenInUs.multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
      assertThat(seenInUs.primaryKey().region()).isEqualTo("eu-west-1");
      expectError(
          "UnsupportedOperationException",
          () -> us.updatePrimaryRegion(r -> r.keyId(keyId).primaryRegion("eu-west-1")));
    }
  }

  @Test
  void signaturesAndMacs_madeInOneRegion_verifyInTheOther() {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient us = server.client(Region.US_EAST_1);
        KmsClient eu = server.client(Region.EU_WEST_1)) {
      String signing =
          us.createKey(
                  r ->
                      r.multiRegion(true)
                          .keySpec(KeySpec.ECC_NIST_P256)
                          .keyUsage(KeyUsageType.SIGN_VERIFY))
              .keyMetadata()
              .keyId();
      String mac =
          us.createKey(
                  r ->
                      r.multiRegion(true)
                          .keySpec(KeySpec.HMAC_256)
                          .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
              .keyMetadata()
              .keyId();
      us.replicateKey(r -> r.keyId(signing).replicaRegion("eu-west-1"));
      us.replicateKey(r -> r.keyId(mac).replicaRegion("eu-west-1"));
      SdkBytes message = SdkBytes.fromUtf8String("message");

      SdkBytes signature =
          eu.sign(
                  r ->
                      r.keyId(signing)
                          .message(message)
                          .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
              .signature();
      SdkBytes tag =
          us.generateMac(
                  r -> r.keyId(mac).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))
              .mac();

      assertThat(
              us.verify(
                      r ->
                          r.keyId(signing)
                              .message(message)
                              .signature(signature)
                              .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                  .signatureValid())
          .isTrue();
      assertThat(
              eu.verifyMac(
                      r ->
                          r.keyId(mac)
                              .message(message)
                              .mac(tag)
                              .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))
                  .macValid())
          .isTrue();
    }
  }

  @Test
  void aPrimaryWithReplicas_waitsForTheirDeletion_andAutomaticRotationReachesTheReplica()
      throws Exception {
    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, Map.of("kms.lifecycle.interval", "1s"))) {
      String doomed;
      String rotating;
      try (KmsClient us = server.client(Region.US_EAST_1);
          KmsClient eu = server.client(Region.EU_WEST_1)) {
        doomed = us.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        us.replicateKey(r -> r.keyId(doomed).replicaRegion("eu-west-1"));
        var scheduled = us.scheduleKeyDeletion(r -> r.keyId(doomed).pendingWindowInDays(30));
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        assertThat(scheduled.deletionDate()).isNull();
        assertThat(scheduled.pendingWindowInDays()).isEqualTo(30);
        var primary = us.describeKey(r -> r.keyId(doomed)).keyMetadata();
        assertThat(primary.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        assertThat(primary.deletionDate()).isNull();
        assertThat(primary.pendingDeletionWindowInDays()).isEqualTo(30);
        eu.scheduleKeyDeletion(r -> r.keyId(doomed).pendingWindowInDays(7));

        rotating = us.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        us.replicateKey(r -> r.keyId(rotating).replicaRegion("eu-west-1"));
        us.enableKeyRotation(r -> r.keyId(rotating).rotationPeriodInDays(90));
      }

      server.restartWith(Map.of("kms.clock-offset", "P91D"));

      try (KmsClient us = server.client(Region.US_EAST_1);
          KmsClient eu = server.client(Region.EU_WEST_1)) {
        awaitTrue(
            () ->
                isDeleted(eu, doomed)
                    && !eu.listKeyRotations(r -> r.keyId(rotating)).rotations().isEmpty());
        // The last replica is gone: the primary's own 30-day window starts now.
        var primary = us.describeKey(r -> r.keyId(doomed)).keyMetadata();
        assertThat(primary.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(primary.deletionDate()).isAfter(Instant.now().plus(Duration.ofDays(110)));
        assertThat(primary.multiRegionConfiguration().replicaKeys()).isEmpty();
        assertThat(eu.listKeyRotations(r -> r.keyId(rotating)).rotations())
            .singleElement()
            .satisfies(r -> assertThat(r.rotationType()).isEqualTo(RotationType.AUTOMATIC));
        assertThat(eu.describeKey(r -> r.keyId(rotating)).keyMetadata().currentKeyMaterialId())
            .isEqualTo(us.describeKey(r -> r.keyId(rotating)).keyMetadata().currentKeyMaterialId());
      }
    }
  }

  private static boolean isDeleted(KmsClient kms, String keyId) {
    try {
      kms.describeKey(r -> r.keyId(keyId));
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("the lifecycle timer acted within 30 s").isBefore(deadline);
      Thread.sleep(250);
    }
  }
}

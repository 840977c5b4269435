package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of multi-Region keys on {@link KmsKey} and {@link MultiRegion} alone: mrk- key ids,
 * what a replica copies of its primary and what is its own, PendingReplicaDeletion's column of the
 * intents, and how a copy's configuration follows replication, deletion and a primary move.
 */
class MultiRegionIntentsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final KeyId MRK = new KeyId("mrk-00112233445566778899aabbccddeeff");

  private static String arn(String region) {
    return "arn:aws:kms:" + region + ":111122223333:key/" + MRK;
  }

  private static KmsKey primary(String... replicaRegions) {
    return KeyFixtures.enabledKey()
        .keyId(MRK)
        .arn(arn("us-east-1"))
        .multiRegion(
            new MultiRegion(MultiRegionKeyType.PRIMARY, "us-east-1", List.of(replicaRegions)))
        .build();
  }

  private static KmsException refusal(Runnable intent) {
    return catchThrowableOfType(KmsException.class, intent::run);
  }

  @Test
  void keyIds_ofMultiRegionKeys_areMrkAnd32HexDigits_withTheirBytes() {
    KeyId random = KeyId.randomMultiRegion();

    assertThat(random.value()).matches("mrk-[0-9a-f]{32}");
    assertThat(random.multiRegion()).isTrue();
    assertThat(KeyId.random().multiRegion()).isFalse();
    assertThat(KeyId.fromBytes(random.toBytes(), 0, true)).isEqualTo(random);
    assertThat(MRK.toBytes()).hasSize(16).startsWith((byte) 0x00, (byte) 0x11);
    assertThat(KeyId.isWellFormed("mrk-00112233445566778899AABBCCDDEEFF")).isFalse();
    assertThat(KeyId.isWellFormed("mrk-0011")).isFalse();
    assertThat(KeyId.isWellFormed("mrk-00112233445566778899aabbccddeeff")).isTrue();
  }

  @Test
  void replicaIn_copiesTheSharedProperties_andTakesItsOwn() {
    KmsKey primary =
        primary().toBuilder()
            .description("primary")
            .tags(List.of(new Tag("a", "b")))
            .rotation(new RotationSchedule(true, 180, NOW.plus(Duration.ofDays(10)), null, 2))
            .build()
            .addReplica("eu-west-1", arn("eu-west-1"));

    KmsKey replica =
        primary.replicaIn(
            "eu-west-1", arn("eu-west-1"), NOW, "replica", "{\"p\":1}", List.of(new Tag("c", "d")));

    assertThat(replica.keyId()).isEqualTo(MRK);
    assertThat(replica.region()).isEqualTo("eu-west-1");
    assertThat(replica.versions()).isEqualTo(primary.versions());
    assertThat(replica.keySpec()).isEqualTo(primary.keySpec());
    assertThat(replica.rotation()).isEqualTo(primary.rotation());
    assertThat(replica.description()).isEqualTo("replica");
    assertThat(replica.policy()).isEqualTo("{\"p\":1}");
    assertThat(replica.tags()).containsExactly(new Tag("c", "d"));
    assertThat(replica.creationDate()).isEqualTo(NOW);
    assertThat(replica.revision()).isZero();
    assertThat(replica.multiRegion())
        .isEqualTo(new MultiRegion(MultiRegionKeyType.REPLICA, "us-east-1", List.of("eu-west-1")));
    assertThat(replica.multiRegionReplica()).isTrue();
  }

  @Test
  void aReplica_neverRotatesItself_norIsDueToRotate() {
    KmsKey replica =
        primary("eu-west-1")
            .replicaIn("eu-west-1", arn("eu-west-1"), NOW, "", "{}", List.of())
            .toBuilder()
            .rotation(new RotationSchedule(true, 90, NOW.minusSeconds(1), null, 0))
            .build();

    assertThat(replica.rotateIfDue(NOW, ref -> null)).isSameAs(replica);
    assertThat(replica.dueAt()).isNull();
  }

  @Test
  void syncedWith_bringsAReplicaItsPrimarysVersionsAndRotation_andNothingElse() {
    KmsKey primary = primary("eu-west-1");
    KmsKey replica = primary.replicaIn("eu-west-1", arn("eu-west-1"), NOW, "mine", "{}", List.of());
    KmsKey rotated =
        primary.toBuilder()
            .versions(
                List.of(
                    primary.versions().get(0),
                    new KeyVersion(
                        2,
                        "m2",
                        primary.versions().get(0).material(),
                        NOW,
                        RotationType.ON_DEMAND)))
            .rotation(primary.rotation().afterOnDemandRotation(NOW))
            .build();

    KmsKey synced = replica.syncedWith(rotated);

    assertThat(synced.versions()).isEqualTo(rotated.versions());
    assertThat(synced.rotation()).isEqualTo(rotated.rotation());
    assertThat(synced.description()).isEqualTo("mine");
    assertThat(synced.arn()).isEqualTo(arn("eu-west-1"));
    assertThat(synced.multiRegionReplica()).isTrue();
    assertThat(synced.syncedWith(rotated)).as("in step: nothing to write").isSameAs(synced);
  }

  @Test
  void anImportedReplica_keepsItsOwnMaterial_andRemembersThePrimarysMaterialId() {
    KmsKey primary =
        primary("eu-west-1").toBuilder()
            .origin(Origin.EXTERNAL)
            .importedMaterial(
                new ImportedMaterial(
                    "material-id", ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE, null))
            .build();

    KmsKey replica = primary.replicaIn("eu-west-1", arn("eu-west-1"), NOW, "", "{}", List.of());

    assertThat(replica.state()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(replica.versions()).isEmpty();
    assertThat(replica.importedMaterial().materialId()).isEqualTo("material-id");
    assertThat(replica.syncedWith(primary)).as("versions are not copied").isSameAs(replica);
  }

  @Test
  void scheduleDeletion_ofAPrimaryWithReplicas_waitsForThem_andOfOneWithoutDoesNot() {
    KmsKey waiting = primary("eu-west-1").scheduleDeletion(NOW, 9);
    KmsKey alone = primary().scheduleDeletion(NOW, 9);

    assertThat(waiting.state()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
    assertThat(waiting.deletionDate()).isNull();
    assertThat(waiting.pendingWindowInDays()).isEqualTo(9);
    assertThat(waiting.deletionDue(NOW.plus(Duration.ofDays(400)))).isFalse();
    assertThat(waiting.dueAt()).isNull();
    assertThat(alone.state()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(alone.deletionDate()).isEqualTo(NOW.plus(Duration.ofDays(9)));
  }

  @Test
  void aPrimaryPendingReplicaDeletion_refusesWhatAKeyPendingDeletionRefuses() {
    KmsKey key = primary("eu-west-1").scheduleDeletion(NOW, 7);
    String suffix = " is pending replica deletion.";

    for (Runnable intent :
        List.<Runnable>of(
            key::enable,
            key::disable,
            () -> key.updateDescription("x"),
            () -> key.tag(List.of(new Tag("a", "b"))),
            () -> key.untag(List.of("a")),
            () -> key.scheduleDeletion(NOW, 7),
            () -> key.enableRotation(90, NOW),
            () -> key.rotateOnDemand(NOW, ref -> null),
            () -> key.addReplica("ap-southeast-2", arn("ap-southeast-2")),
            () -> key.movePrimaryTo("eu-west-1", arn("eu-west-1")))) {
      KmsException e = refusal(intent);
      assertThat(e.type()).isEqualTo(KmsErrorType.INVALID_STATE);
      assertThat(e).hasMessage(key.arn() + suffix);
    }
    assertThat(key.replacePolicy("{\"x\":1}").policy()).isEqualTo("{\"x\":1}");
    KmsKey cancelled = key.cancelDeletion();
    assertThat(cancelled.state()).isEqualTo(KeyState.DISABLED);
    assertThat(cancelled.pendingWindowInDays()).isNull();
  }

  @Test
  void withoutReplica_forgetsIt_andTheLastOneStartsThePrimarysWindow() {
    KmsKey waiting = primary("eu-west-1", "ap-southeast-2").scheduleDeletion(NOW, 12);

    KmsKey oneLeft = waiting.withoutReplica("eu-west-1", NOW);
    KmsKey none = oneLeft.withoutReplica("ap-southeast-2", NOW.plusSeconds(60));

    assertThat(oneLeft.state()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
    assertThat(oneLeft.multiRegion().replicaRegions()).containsExactly("ap-southeast-2");
    assertThat(none.state()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(none.deletionDate()).isEqualTo(NOW.plusSeconds(60).plus(Duration.ofDays(12)));
    assertThat(none.withoutReplica("eu-west-1", NOW)).as("unknown region").isSameAs(none);
    assertThat(primary("eu-west-1").withoutReplica("eu-west-1", NOW).state())
        .as("a primary not pending deletion keeps its state")
        .isEqualTo(KeyState.ENABLED);
  }

  @Test
  void movePrimaryTo_swapsTheRegions_andEveryCopySeesItsOwnRole() {
    KmsKey primary = primary("eu-west-1", "ap-southeast-2");

    KmsKey moved = primary.movePrimaryTo("ap-southeast-2", arn("ap-southeast-2"));

    assertThat(moved.multiRegion())
        .isEqualTo(
            new MultiRegion(
                MultiRegionKeyType.REPLICA, "ap-southeast-2", List.of("eu-west-1", "us-east-1")));
    assertThat(moved.multiRegion().seenFrom("ap-southeast-2").type())
        .isEqualTo(MultiRegionKeyType.PRIMARY);
    assertThat(moved.multiRegion().regions())
        .containsExactly("ap-southeast-2", "eu-west-1", "us-east-1");
  }

  @Test
  void movePrimaryTo_andAddReplica_refuseWhatAwsRefuses() {
    KmsKey primary = primary("eu-west-1");
    KmsKey replica = primary.replicaIn("eu-west-1", arn("eu-west-1"), NOW, "", "{}", List.of());

    assertThat(refusal(() -> primary.movePrimaryTo("sa-east-1", arn("sa-east-1"))).type())
        .isEqualTo(KmsErrorType.NOT_FOUND);
    assertThat(refusal(() -> primary.movePrimaryTo("us-east-1", arn("us-east-1"))).type())
        .isEqualTo(KmsErrorType.UNSUPPORTED_OPERATION);
    assertThat(refusal(() -> replica.movePrimaryTo("us-east-1", arn("us-east-1"))))
        .hasMessage(arn("eu-west-1") + " is not a multi-region primary key.");
    assertThat(refusal(() -> replica.addReplica("sa-east-1", arn("sa-east-1"))))
        .hasMessage(arn("eu-west-1") + " is not a multi-region primary key.");
    assertThat(refusal(() -> primary.addReplica("eu-west-1", arn("eu-west-1"))).type())
        .isEqualTo(KmsErrorType.ALREADY_EXISTS);
    assertThat(refusal(() -> KeyFixtures.enabledKey().build().addReplica("eu-west-1", "x")).type())
        .isEqualTo(KmsErrorType.UNSUPPORTED_OPERATION);
  }
}

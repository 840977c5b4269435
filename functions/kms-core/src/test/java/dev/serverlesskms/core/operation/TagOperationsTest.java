package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.listResourceTags;
import static dev.serverlesskms.core.operation.Requests.tag;
import static dev.serverlesskms.core.operation.Requests.tagResource;
import static dev.serverlesskms.core.operation.Requests.untagResource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.ListResourceTagsResponse;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.api.UntagResourceRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TagResource, UntagResource and ListResourceTags: add, overwrite and remove in first-added order,
 * AWS's tag rules and 50 tags per key, their key-state rows, paging, and their audit records.
 */
class TagOperationsTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  @Test
  void tags_areAddedOverwrittenAndRemoved_keepingFirstAddedOrder() {
    String keyId = f.createKey(Requests.createKey().tags(List.of(tag("env", "dev"))));

    f.call(kms.tagResource, tagResource(arn(keyId), tag("owner", "ops"), tag("env", "prod")));
    assertThat(tags(keyId)).containsExactly(tag("env", "prod"), tag("owner", "ops"));

    f.call(kms.untagResource, untagResource(keyId, "env", "absent"));
    assertThat(tags(keyId)).containsExactly(tag("owner", "ops"));

    f.call(kms.untagResource, untagResource(keyId, "absent"));
    f.call(kms.tagResource, tagResource(keyId, tag("empty", "")));
    assertThat(tags(keyId)).containsExactly(tag("owner", "ops"), tag("empty", ""));
  }

  // ------------------------------------------------------------------ key-state table

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED", "PENDING_IMPORT"})
  void tagAndUntag_workInEveryStateButPendingDeletion(KeyState state) {
    String keyId = f.keyIn(state);

    f.call(kms.tagResource, tagResource(keyId, tag("a", "1"), tag("b", "2")));
    f.call(kms.untagResource, untagResource(keyId, "a"));

    assertThat(tags(keyId)).containsExactly(tag("b", "2"));
  }

  @Test
  void tagAndUntag_ofAKeyPendingDeletion_areInvalidState() {
    String keyId = f.createKey(Requests.createKey().tags(List.of(tag("kept", "yes"))));
    f.scheduleDeletion(keyId);

    assertThat(
            f.error(KmsErrorType.INVALID_STATE, kms.tagResource, tagResource(keyId, tag("a", "1"))))
        .hasMessage(arn(keyId) + " is pending deletion.");
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.untagResource, untagResource(keyId, "kept")))
        .hasMessage(arn(keyId) + " is pending deletion.");
    assertThat(tags(keyId)).containsExactly(tag("kept", "yes"));
  }

  @ParameterizedTest
  @EnumSource(value = KeyState.class, names = "UNAVAILABLE", mode = EnumSource.Mode.EXCLUDE)
  void listResourceTags_worksInEveryKeyState(KeyState state) {
    String keyId = f.keyIn(state);

    ListResourceTagsResponse response =
        f.call(kms.listResourceTags, listResourceTags(keyId, null, null));

    assertThat(response.tags()).isEmpty();
    assertThat(response.truncated()).isFalse();
    assertThat(response.nextMarker()).isNull();
  }

  // ------------------------------------------------------------------ identifiers

  @Test
  void theyTakeKeyIdOrKeyArn_butNoAlias_andNoUnknownKey() {
    String keyId = f.createKey();
    f.createAlias("alias/tagged", keyId);

    f.error(KmsErrorType.NOT_FOUND, kms.tagResource, tagResource("alias/tagged", tag("k", "v")));
    f.error(KmsErrorType.NOT_FOUND, kms.untagResource, untagResource("alias/tagged", "k"));
    f.error(
        KmsErrorType.NOT_FOUND, kms.listResourceTags, listResourceTags("alias/tagged", null, null));
    String unknown = "11111111-2222-3333-4444-555555555555";
    assertThat(
            f.error(
                KmsErrorType.NOT_FOUND,
                kms.listResourceTags,
                listResourceTags(unknown, null, null)))
        .hasMessage("Key '" + arn(unknown) + "' does not exist");
    f.error(KmsErrorType.NOT_FOUND, kms.tagResource, tagResource(unknown, tag("k", "v")));
    f.error(KmsErrorType.VALIDATION, kms.tagResource, tagResource(null, tag("k", "v")));
    assertThat(f.call(kms.listResourceTags, listResourceTags(arn(keyId), null, null)).tags())
        .isEmpty();
  }

  // ------------------------------------------------------------------ rules and limits

  @Test
  void tagResource_followsAwsTagRules() {
    String keyId = f.createKey();

    for (String reserved : List.of("aws:x", "AWS:x", "Aws:x", "aWs:")) {
      assertThat(f.error(KmsErrorType.TAG, kms.tagResource, tagResource(keyId, tag(reserved, "y"))))
          .as(reserved)
          .hasMessage("Tags beginning with aws: are reserved");
    }
    String other = f.createKey();
    f.call(kms.tagResource, tagResource(other, tag("aws-x", "y"), tag("x:aws:", "y")));
    assertThat(tags(other)).containsExactly(tag("aws-x", "y"), tag("x:aws:", "y"));
    assertThat(
            f.error(
                KmsErrorType.TAG,
                kms.tagResource,
                tagResource(keyId, tag("a", "1"), tag("a", "2"))))
        .hasMessage("Duplicate tag keys");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.tagResource,
                tagResource(keyId, tag("ok", "v"), tag("k".repeat(129), "v"))))
        .hasMessage(
            "1 validation error detected: Value at 'tags.2.member.tagKey' failed to satisfy"
                + " constraint: Member must have length less than or equal to 128");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.tagResource,
                tagResource(keyId, tag("k", "v".repeat(257)))))
        .hasMessage(
            "1 validation error detected: Value at 'tags.1.member.tagValue' failed to satisfy"
                + " constraint: Member must have length less than or equal to 256");
    f.error(KmsErrorType.VALIDATION, kms.tagResource, tagResource(keyId, tag("", "v")));
    f.error(KmsErrorType.VALIDATION, kms.tagResource, tagResource(keyId, tag(null, "v")));
    f.error(KmsErrorType.VALIDATION, kms.tagResource, tagResource(keyId, tag("k", null)));
    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.tagResource, new TagResourceRequest(keyId, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'tags' failed to satisfy constraint:"
                + " Member must not be null");
    f.call(kms.tagResource, tagResource(keyId, tag("k".repeat(128), "v".repeat(256))));
    assertThat(tags(keyId)).containsExactly(tag("k".repeat(128), "v".repeat(256)));
  }

  @Test
  void tagResource_withANullTag_isValidationException_andAudited() {
    String keyId = f.createKey();

    f.error(
        KmsErrorType.VALIDATION,
        kms.tagResource,
        new TagResourceRequest(keyId, Collections.singletonList((Tag) null)));
    assertThat(f.lastAudit().errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void aKey_takesAtMost50Tags_butOverwritingAtTheLimitIsFine() {
    String keyId = f.createKey();
    f.call(kms.tagResource, new TagResourceRequest(keyId, tags(50)));

    assertThat(f.error(KmsErrorType.TAG, kms.tagResource, tagResource(keyId, tag("one-more", "x"))))
        .hasMessage("Too many tags");
    f.call(kms.tagResource, tagResource(keyId, tag("k0", "changed")));
    assertThat(tags(keyId).get(0)).isEqualTo(tag("k0", "changed"));
  }

  @Test
  void untagResource_tagKeys_areRequired_each1To128Characters() {
    String keyId = f.createKey();

    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.untagResource, new UntagResourceRequest(keyId, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint:"
                + " Member must not be null");
    assertThat(f.error(KmsErrorType.VALIDATION, kms.untagResource, untagResource(keyId, "a", "")))
        .hasMessage(
            "1 validation error detected: Value '' at 'tagKeys.2.member' failed to satisfy"
                + " constraint: Member must have length greater than or equal to 1");
    f.error(KmsErrorType.VALIDATION, kms.untagResource, untagResource(keyId, "k".repeat(129)));
    f.error(
        KmsErrorType.VALIDATION,
        kms.untagResource,
        new UntagResourceRequest(keyId, Arrays.asList("a", null)));
  }

  @Test
  void listResourceTags_pagesWithLimitUpTo50_andAMarker() {
    String keyId = f.createKey();
    f.call(kms.tagResource, new TagResourceRequest(keyId, tags(50)));

    ListResourceTagsResponse first =
        f.call(kms.listResourceTags, listResourceTags(keyId, 20, null));
    assertThat(first.tags()).hasSize(20);
    assertThat(first.truncated()).isTrue();
    ListResourceTagsResponse second =
        f.call(kms.listResourceTags, listResourceTags(keyId, 50, first.nextMarker()));
    assertThat(second.tags()).hasSize(30);
    assertThat(second.truncated()).isFalse();
    assertThat(second.nextMarker()).isNull();
    assertThat(second.tags().get(0)).isEqualTo(tag("k20", "v20"));
    assertThat(f.call(kms.listResourceTags, listResourceTags(keyId, null, null)).tags())
        .hasSize(50);
  }

  @Test
  void listResourceTags_limitAndMarker_areValidated() {
    String keyId = f.createKey();
    f.call(kms.tagResource, new TagResourceRequest(keyId, tags(3)));
    f.call(kms.rotateKeyOnDemand, Requests.rotateKeyOnDemand(keyId));
    String rotationsMarker =
        f.call(kms.listKeyRotations, Requests.listKeyRotations(keyId, "ALL_KEY_MATERIAL", 1, null))
            .nextMarker();

    f.error(KmsErrorType.VALIDATION, kms.listResourceTags, listResourceTags(keyId, 0, null));
    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.listResourceTags, listResourceTags(keyId, 51, null)))
        .hasMessage(
            "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint:"
                + " Member must have value less than or equal to 50");
    f.error(KmsErrorType.VALIDATION, kms.listResourceTags, listResourceTags(keyId, null, ""));
    assertThat(
            f.error(
                KmsErrorType.INVALID_MARKER,
                kms.listResourceTags,
                listResourceTags(keyId, null, "%%%")))
        .hasMessage("The marker is not valid.");
    f.error(
        KmsErrorType.INVALID_MARKER, kms.listResourceTags, listResourceTags(keyId, null, "junk"));
    f.error(
        KmsErrorType.INVALID_MARKER,
        kms.listResourceTags,
        listResourceTags(keyId, null, rotationsMarker));
    String beyondTheEnd =
        f.call(kms.listResourceTags, listResourceTags(keyId, 2, null)).nextMarker();
    f.call(kms.untagResource, untagResource(keyId, "k0", "k1", "k2"));
    f.error(
        KmsErrorType.INVALID_MARKER,
        kms.listResourceTags,
        listResourceTags(keyId, null, beyondTheEnd));
  }

  // ------------------------------------------------------------------ audit

  @Test
  void tagChanges_areAudited_withTheTagsAndTheKey() {
    String keyId = f.createKey();

    f.call(kms.tagResource, tagResource(keyId, tag("team", "payments")));
    AuditEvent tagged = f.lastAudit();
    assertThat(tagged.eventName()).isEqualTo("TagResource");
    assertThat(tagged.readOnly()).isFalse();
    assertThat(tagged.requestParameters())
        .containsEntry("keyId", keyId)
        .containsEntry("tags", List.of(Map.of("tagKey", "team", "tagValue", "payments")));
    assertThat(tagged.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));

    f.call(kms.untagResource, untagResource(keyId, "team"));
    assertThat(f.lastAudit().eventName()).isEqualTo("UntagResource");
    assertThat(f.lastAudit().requestParameters()).containsEntry("tagKeys", List.of("team"));

    f.call(kms.listResourceTags, listResourceTags(keyId, null, null));
    assertThat(f.lastAudit().eventName()).isEqualTo("ListResourceTags");
    assertThat(f.lastAudit().readOnly()).isTrue();

    f.error(KmsErrorType.TAG, kms.tagResource, tagResource(keyId, tag("aws:x", "y")));
    assertThat(f.lastAudit().errorCode()).isEqualTo("TagException");
    assertThat(f.lastAudit().errorMessage()).isEqualTo("Tags beginning with aws: are reserved");
  }

  private List<Tag> tags(String keyId) {
    return f.call(kms.listResourceTags, listResourceTags(keyId, null, null)).tags();
  }

  private static List<Tag> tags(int count) {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tags.add(tag("k" + i, "v" + i));
    }
    return tags;
  }
}

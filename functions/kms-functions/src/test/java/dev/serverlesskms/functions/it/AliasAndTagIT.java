package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * CreateAlias, UpdateAlias, DeleteAlias, ListAliases, TagResource, UntagResource, ListResourceTags.
 */
class AliasAndTagIT {
  @TempDir static Path dataDir;
  static LocalKmsServer server;
  static KmsClient kms;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir);
    kms = server.client();
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  @Test
  void aliasLifecycle_createUseRetargetDelete() {
    KeyMetadata first = kms.createKey(r -> r.description("first")).keyMetadata();
    KeyMetadata second = kms.createKey(r -> r.description("second")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/app/orders").targetKeyId(first.arn()));
    assertThat(
            kms.encrypt(r -> r.keyId("alias/app/orders").plaintext(SdkBytes.fromUtf8String("x")))
                .keyId())
        .isEqualTo(first.arn());

    kms.updateAlias(r -> r.aliasName("alias/app/orders").targetKeyId(second.keyId()));
    assertThat(
            kms.encrypt(r -> r.keyId("alias/app/orders").plaintext(SdkBytes.fromUtf8String("x")))
                .keyId())
        .isEqualTo(second.arn());
    AliasListEntry entry = kms.listAliases(r -> r.keyId(second.keyId())).aliases().get(0);
    assertThat(entry.aliasName()).isEqualTo("alias/app/orders");
    assertThat(entry.aliasArn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:alias/app/orders");
    assertThat(entry.targetKeyId()).isEqualTo(second.keyId());
    assertThat(entry.creationDate()).isNotNull();
    assertThat(entry.lastUpdatedDate()).isAfterOrEqualTo(entry.creationDate());
    assertThat(kms.listAliases(r -> r.keyId(first.keyId())).aliases()).isEmpty();

    kms.deleteAlias(r -> r.aliasName("alias/app/orders"));
    expectError("NotFoundException", () -> kms.describeKey(r -> r.keyId("alias/app/orders")));
    expectError("NotFoundException", () -> kms.deleteAlias(r -> r.aliasName("alias/app/orders")));
  }

  @Test
  void createAlias_enforcesAwsNameRules() {
    KeyMetadata key = kms.createKey(r -> r.description("names")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/taken").targetKeyId(key.keyId()));

    assertThat(
            expectError(
                    "AlreadyExistsException",
                    () -> kms.createAlias(r -> r.aliasName("alias/taken").targetKeyId(key.keyId())))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            "An alias with the name arn:aws:kms:us-east-1:000000000000:alias/taken already exists");
    assertThat(
            expectError(
                    "ValidationException",
                    () -> kms.createAlias(r -> r.aliasName("no-prefix").targetKeyId(key.keyId())))
                .awsErrorDetails()
                .errorMessage())
        .startsWith("Alias must start with the prefix \"alias/\".");
    expectError(
        "ValidationException",
        () -> kms.createAlias(r -> r.aliasName("alias/has space").targetKeyId(key.keyId())));
    expectError(
        "ValidationException",
        () ->
            kms.createAlias(r -> r.aliasName("alias/" + "x".repeat(251)).targetKeyId(key.keyId())));
    expectError(
        "NotAuthorizedException",
        () -> kms.createAlias(r -> r.aliasName("alias/aws/s3").targetKeyId(key.keyId())));
    expectError(
        "ValidationException",
        () -> kms.createAlias(r -> r.aliasName("alias/x2").targetKeyId("alias/taken")));
    expectError(
        "NotFoundException",
        () ->
            kms.createAlias(
                r -> r.aliasName("alias/x3").targetKeyId("11111111-2222-3333-4444-555555555555")));
    expectError(
        "NotFoundException",
        () -> kms.updateAlias(r -> r.aliasName("alias/never").targetKeyId(key.keyId())));
  }

  @Test
  void listAliases_pagesWithLimitAndMarker() {
    KeyMetadata key = kms.createKey(r -> r.description("many aliases")).keyMetadata();
    for (int i = 0; i < 5; i++) {
      String name = "alias/page-" + i;
      kms.createAlias(r -> r.aliasName(name).targetKeyId(key.keyId()));
    }
    List<String> names = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      ListAliasesResponse page = kms.listAliases(r -> r.keyId(key.arn()).limit(2).marker(m));
      page.aliases().forEach(a -> names.add(a.aliasName()));
      marker = page.truncated() ? page.nextMarker() : null;
    } while (marker != null);
    assertThat(names)
        .containsExactly(
            "alias/page-0", "alias/page-1", "alias/page-2", "alias/page-3", "alias/page-4");
  }

  @Test
  void tags_addOverwriteRemoveAndList() {
    KeyMetadata key = kms.createKey(r -> r.tags(tag("env", "dev"))).keyMetadata();
    kms.tagResource(r -> r.keyId(key.arn()).tags(tag("env", "prod"), tag("owner", "ops")));
    assertThat(kms.listResourceTags(r -> r.keyId(key.keyId())).tags())
        .containsExactly(tag("env", "prod"), tag("owner", "ops"));

    kms.untagResource(r -> r.keyId(key.keyId()).tagKeys("env", "absent"));
    assertThat(kms.listResourceTags(r -> r.keyId(key.keyId())).tags())
        .containsExactly(tag("owner", "ops"));

    expectError(
        "TagException", () -> kms.tagResource(r -> r.keyId(key.keyId()).tags(tag("aws:x", "y"))));
    expectError(
        "ValidationException",
        () -> kms.tagResource(r -> r.keyId(key.keyId()).tags(tag("k".repeat(129), "v"))));
    expectError(
        "ValidationException",
        () -> kms.tagResource(r -> r.keyId(key.keyId()).tags(tag("k", "v".repeat(257)))));
    expectError(
        "NotFoundException",
        () -> kms.tagResource(r -> r.keyId("alias/whatever").tags(tag("k", "v"))));
    expectError(
        "NotFoundException",
        () -> kms.listResourceTags(r -> r.keyId("11111111-2222-3333-4444-555555555555")));
  }

  @Test
  void tags_arePagedAndCappedAtFifty() {
    KeyMetadata key = kms.createKey(r -> r.description("tags")).keyMetadata();
    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(tag("k" + i, "v" + i));
    }
    kms.tagResource(r -> r.keyId(key.keyId()).tags(fifty));
    expectError(
        "TagException",
        () -> kms.tagResource(r -> r.keyId(key.keyId()).tags(tag("one-more", "x"))));

    var first = kms.listResourceTags(r -> r.keyId(key.keyId()).limit(20));
    assertThat(first.tags()).hasSize(20);
    assertThat(first.truncated()).isTrue();
    var second =
        kms.listResourceTags(r -> r.keyId(key.keyId()).limit(50).marker(first.nextMarker()));
    assertThat(second.tags()).hasSize(30);
    assertThat(second.truncated()).isFalse();
    assertThat(second.tags().get(0)).isEqualTo(tag("k20", "v20"));
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().tagKey(key).tagValue(value).build();
  }
}

package dev.serverlesskms.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.ImportedMaterial;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Freezes the stored record format: a change here is a new record format, never an edit of format
 * 1.
 */
class KeyRecordTest {
  private static final KeyId KEY_ID = new KeyId("1234abcd-12ab-34cd-56ef-1234567890ab");
  private static final String MATERIAL_ID = "ab".repeat(32);

  private static final KmsKey KEY =
      KmsKey.builder()
          .keyId(KEY_ID)
          .arn("arn:aws:kms:eu-west-1:111122223333:key/" + KEY_ID.value())
          .creationDate(Instant.parse("2026-03-01T10:15:30.123456789Z"))
          .description("d")
          .keySpec(KeySpec.SYMMETRIC_DEFAULT)
          .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
          .origin(Origin.EXTERNAL)
          .state(KeyState.PENDING_DELETION)
          .deletionDate(Instant.parse("2026-04-01T00:00:00Z"))
          .pendingWindowInDays(7)
          .policy("{}")
          .tags(List.of(new Tag("team", "payments")))
          .versions(
              List.of(
                  new KeyVersion(
                      1,
                      MATERIAL_ID,
                      new WrappedKey(new byte[] {1, 2, 3}),
                      Instant.parse("2026-03-01T10:15:30Z"),
                      null),
                  new KeyVersion(
                      2,
                      MATERIAL_ID,
                      new WrappedKey(new byte[] {4, 5, 6}),
                      Instant.parse("2026-03-02T00:00:00Z"),
                      RotationType.ON_DEMAND)))
          .rotation(new RotationSchedule(true, 90, Instant.parse("2026-05-30T00:00:00Z"), null, 1))
          .importedMaterial(
              new ImportedMaterial(
                  MATERIAL_ID,
                  ExpirationModel.KEY_MATERIAL_EXPIRES,
                  Instant.parse("2027-01-01T00:00:00Z")))
          .revision(3)
          .build();

  private static final String FORMAT_1 =
      "{\"format\":1,\"keyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\","
          + "\"arn\":\"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\","
          + "\"creationDate\":\"2026-03-01T10:15:30.123456789Z\",\"description\":\"d\","
          + "\"keySpec\":\"SYMMETRIC_DEFAULT\",\"keyUsage\":\"ENCRYPT_DECRYPT\",\"origin\":\"EXTERNAL\","
          + "\"state\":\"PendingDeletion\",\"deletionDate\":\"2026-04-01T00:00:00Z\",\"pendingWindowInDays\":7,"
          + "\"policy\":\"{}\",\"tags\":[{\"key\":\"team\",\"value\":\"payments\"}],"
          + "\"versions\":["
          + "{\"number\":1,\"materialId\":\""
          + MATERIAL_ID
          + "\",\"material\":\"AQID\","
          + "\"createdAt\":\"2026-03-01T10:15:30Z\",\"rotationType\":null},"
          + "{\"number\":2,\"materialId\":\""
          + MATERIAL_ID
          + "\",\"material\":\"BAUG\","
          + "\"createdAt\":\"2026-03-02T00:00:00Z\",\"rotationType\":\"ON_DEMAND\"}],"
          + "\"rotation\":{\"enabled\":true,\"periodInDays\":90,\"nextRotationDate\":\"2026-05-30T00:00:00Z\","
          + "\"onDemandRotationStartDate\":null,\"onDemandRotations\":1},"
          + "\"importedMaterial\":{\"materialId\":\""
          + MATERIAL_ID
          + "\","
          + "\"expirationModel\":\"KEY_MATERIAL_EXPIRES\",\"validTo\":\"2027-01-01T00:00:00Z\"},"
          + "\"revision\":3,\"dueIndexEntry\":\"due-entry\"}";

  /** Format 2: format 1 with the key's manager after its policy. */
  private static final String FORMAT_2 =
      FORMAT_1
          .replace("\"format\":1", "\"format\":2")
          .replace("\"policy\":\"{}\",", "\"policy\":\"{}\",\"keyManager\":\"CUSTOMER\",");

  @Test
  void write_isFormat2_withWireNamesNeverOrdinals() {
    assertThat(RecordJson.write(KeyRecord.of(KEY, "due-entry"))).isEqualTo(FORMAT_2);
  }

  @Test
  void read_format2_givesTheKeyBack() {
    assertThat(RecordJson.key(FORMAT_2)).isEqualTo(KEY);
    assertThat(RecordJson.keyRecord(FORMAT_2).dueIndexEntry()).isEqualTo("due-entry");
  }

  @Test
  void read_format1_givesTheKeyBack_asACustomerManagedKey() {
    assertThat(RecordJson.key(FORMAT_1)).isEqualTo(KEY);
    assertThat(RecordJson.key(FORMAT_1).keyManager()).isEqualTo(KeyManager.CUSTOMER);
    assertThat(RecordJson.keyRecord(FORMAT_1).dueIndexEntry()).isEqualTo("due-entry");
  }

  @Test
  void awsManagedKey_roundTrips() {
    KmsKey managed = KEY.toBuilder().keyManager(KeyManager.AWS).build();

    String json = RecordJson.write(KeyRecord.of(managed, "due-entry"));

    assertThat(json).contains("\"keyManager\":\"AWS\"");
    assertThat(RecordJson.key(json)).isEqualTo(managed);
  }

  @Test
  void read_unknownFormat_throwsStoreUnavailable() {
    String format3 = FORMAT_2.replace("\"format\":2", "\"format\":3");

    assertThatThrownBy(() -> RecordJson.key(format3))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("format 3");
  }

  @Test
  void read_missingOrUnknownField_throwsStoreUnavailable() {
    for (String format : List.of(FORMAT_1, FORMAT_2)) {
      String missing = format.replace("\"revision\":3,", "");
      String unknown = format.replace("\"revision\":3,", "\"revision\":3,\"extra\":1,");

      assertThatThrownBy(() -> RecordJson.key(missing))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> RecordJson.key(unknown))
          .isInstanceOf(StoreUnavailableException.class);
    }
    // format 2 must name the manager; format 1 must not
    String format2WithoutManager = FORMAT_2.replace("\"keyManager\":\"CUSTOMER\",", "");
    String format1WithManager = FORMAT_2.replace("\"format\":2", "\"format\":1");
    assertThatThrownBy(() -> RecordJson.key(format2WithoutManager))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> RecordJson.key(format1WithManager))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void read_unknownEnumName_throwsStoreUnavailable() {
    String ordinal = FORMAT_2.replace("\"state\":\"PendingDeletion\"", "\"state\":\"2\"");
    String manager = FORMAT_2.replace("\"keyManager\":\"CUSTOMER\"", "\"keyManager\":\"1\"");

    assertThatThrownBy(() -> RecordJson.key(ordinal)).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> RecordJson.key(manager)).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void alias_roundTrips() {
    Alias alias =
        new Alias(
            "alias/app",
            KEY_ID,
            Instant.parse("2026-03-01T10:15:30.5Z"),
            Instant.parse("2026-03-02T00:00:00Z"));

    String json = RecordJson.write(AliasRecord.of(alias));

    assertThat(json)
        .isEqualTo(
            "{\"format\":1,\"aliasName\":\"alias/app\",\"targetKeyId\":\""
                + KEY_ID.value()
                + "\","
                + "\"creationDate\":\"2026-03-01T10:15:30.500Z\",\"lastUpdatedDate\":\"2026-03-02T00:00:00Z\"}");
    assertThat(RecordJson.alias(json)).isEqualTo(alias);
  }
}

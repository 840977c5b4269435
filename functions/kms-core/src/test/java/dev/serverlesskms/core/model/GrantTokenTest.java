package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grant token format (docs/authorization.md, "Grant tokens"): golden vector and refusals. */
class GrantTokenTest {
  private static final String GRANT_ID =
      "0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60";
  private static final KeyId KEY = new KeyId("1234abcd-12ab-34cd-56ef-1234567890ab");
  private static final byte[] NONCE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

  /** The documented example; a change to the format must change this test and the document. */
  static final String GOLDEN =
      "AQpAMGMyMzc0NzZiMzlmOGJjNDRlNDUyMTJlMDg0OThmYmUzMTUxMzA1MDMwNzI2YzA1OTBkZDhkM2U5ZjNkNmE2MBIQ"
          + "EjSrzRKrNM1W7xI0VniQqxoQAAECAwQFBgcICQoLDA0ODw==";

  @Test
  void encode_matchesTheGoldenVector() {
    assertThat(GrantToken.encode(GRANT_ID, KEY, NONCE)).isEqualTo(GOLDEN).hasSize(140);
  }

  @Test
  void parse_ofTheGoldenVector_namesItsGrantAndKey() {
    assertThat(GrantToken.parse(GOLDEN)).isEqualTo(new GrantToken(GRANT_ID, KEY));
  }

  @Test
  void aMultiRegionKeysToken_carriesItsIdInField4_andParsesBack() {
    KeyId mrk = new KeyId("mrk-1234abcd12ab34cd56ef1234567890ab");

    String token = GrantToken.encode(GRANT_ID, mrk, NONCE);

    byte[] bytes = Base64.getDecoder().decode(token);
    assertThat(token).hasSize(140);
    assertThat(bytes[3 + 64]).isEqualTo((byte) 0x22);
    assertThat(GrantToken.parse(token)).isEqualTo(new GrantToken(GRANT_ID, mrk));
    // The golden vector's key bytes with field 4's tag name the multi-Region key of those bytes.
    byte[] golden = Base64.getDecoder().decode(GOLDEN);
    golden[3 + 64] = 0x22;
    assertThat(GrantToken.parse(Base64.getEncoder().encodeToString(golden)).keyId()).isEqualTo(mrk);
  }

  @Test
  void issue_namesTheGrant_andIsNewEveryTime() {
    Grant grant =
        new Grant(
            GRANT_ID,
            KEY,
            null,
            "arn:aws:iam::111122223333:user/alice",
            null,
            null,
            null,
            List.of(GrantOperation.Encrypt),
            null,
            "arn:aws:iam::111122223333:root",
            Instant.EPOCH);

    String one = GrantToken.issue(grant);
    String two = GrantToken.issue(grant);

    assertThat(one).startsWith("AQpA").isNotEqualTo(two);
    assertThat(GrantToken.parse(one)).isEqualTo(GrantToken.parse(two));
    assertThat(GrantToken.parse(one).grantId()).isEqualTo(GRANT_ID);
    assertThat(GrantToken.parse(one).keyId()).isEqualTo(KEY);
  }

  @Test
  void parse_refusesAnythingElse_withInvalidGrantToken() {
    byte[] golden = Base64.getDecoder().decode(GOLDEN);
    byte[] otherFormat = golden.clone();
    otherFormat[0] = 2;
    byte[] upperCaseId = golden.clone();
    upperCaseId[3] = 'C';
    byte[] truncated = java.util.Arrays.copyOf(golden, golden.length - 1);

    for (String token :
        List.of(
            "",
            "not base64!",
            "dGVzdA==",
            GOLDEN.substring(0, 100),
            Base64.getEncoder().encodeToString(otherFormat),
            Base64.getEncoder().encodeToString(upperCaseId),
            Base64.getEncoder().encodeToString(truncated))) {
      KmsException e = catchThrowableOfType(KmsException.class, () -> GrantToken.parse(token));
      assertThat(e).as(token).isNotNull();
      assertThat(e.type()).isEqualTo(KmsErrorType.INVALID_GRANT_TOKEN);
    }
  }
}

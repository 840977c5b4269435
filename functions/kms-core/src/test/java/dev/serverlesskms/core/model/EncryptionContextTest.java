package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionContextTest {

  @Test
  void canonicalBytes_matchTheDocumentedExample() {
    Map<String, String> pairs = new LinkedHashMap<>();
    pairs.put("b", "2");
    pairs.put("a", "1");
    assertThat(
            HexFormat.of()
                .formatHex(EncryptionContext.of(pairs, "encryptionContext").canonicalBytes()))
        .isEqualTo("0002" + "000161" + "000131" + "000162" + "000132");
  }

  @Test
  void absentAndEmpty_areTheSameContext() {
    assertThat(EncryptionContext.of(null, "encryptionContext"))
        .isEqualTo(EncryptionContext.of(Map.of(), "x"));
    assertThat(HexFormat.of().formatHex(EncryptionContext.EMPTY.canonicalBytes()))
        .isEqualTo("0000");
  }

  @Test
  void entries_areSortedByUtf8Bytes_notByJavaStringOrder() {
    // U+FFFD is EF BF BD in UTF-8 and sorts before U+1F600 (F0 9F 98 80); Java's UTF-16 order is
    // the reverse.
    Map<String, String> pairs = Map.of("\uD83D\uDE00", "smile", "\uFFFD", "replacement");
    assertThat(EncryptionContext.of(pairs, "encryptionContext").asMap().keySet())
        .containsExactly("\uFFFD", "\uD83D\uDE00");
  }

  @Test
  void contextsDifferingInCase_orValue_areDifferent() {
    EncryptionContext a = EncryptionContext.of(Map.of("k", "v"), "x");
    assertThat(a).isNotEqualTo(EncryptionContext.of(Map.of("K", "v"), "x"));
    assertThat(a).isNotEqualTo(EncryptionContext.of(Map.of("k", "V"), "x"));
    assertThat(a).isEqualTo(EncryptionContext.of(new HashMap<>(Map.of("k", "v")), "x"));
  }

  @Test
  void lengthPrefixes_preventAmbiguousConcatenations() {
    assertThat(EncryptionContext.of(Map.of("ab", "c"), "x"))
        .isNotEqualTo(EncryptionContext.of(Map.of("a", "bc"), "x"));
  }

  @Test
  void nullValue_orUnpairedSurrogate_isValidationException() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("k", null);
    assertValidation(withNull);
    assertValidation(Map.of("k", "\uD800"));
  }

  private static void assertValidation(Map<String, String> pairs) {
    KmsException error =
        catchThrowableOfType(
            KmsException.class, () -> EncryptionContext.of(pairs, "encryptionContext"));
    assertThat(error).isNotNull();
    assertThat(error.type()).isEqualTo(KmsErrorType.VALIDATION);
    assertThat(error.getMessage()).contains("'encryptionContext'");
  }
}

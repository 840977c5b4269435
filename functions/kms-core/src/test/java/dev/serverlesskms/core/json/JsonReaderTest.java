package dev.serverlesskms.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void read_everyKindOfValue_asPlainJavaValues() {
    Object value =
        JsonReader.read(
            " {\"s\":\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"n\":-12,\"big\":"
                + "123456789012345678901234567890,\"d\":1.5e-3,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,[],{}],\"o\":{\"x\":\"y\"}} ");

    assertThat(value).isInstanceOf(Map.class);
    Map<?, ?> object = (Map<?, ?>) value;
    assertThat(List.<Object>copyOf(object.keySet()))
        .containsExactly("s", "n", "big", "d", "t", "f", "z", "a", "o");
    assertThat(object.get("s")).isEqualTo("a\"b\\c/\b\f\n\r\t\u00e9\ud83d\ude00");
    assertThat(object.get("n")).isEqualTo(-12L);
    assertThat(object.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(object.get("d")).isEqualTo(1.5e-3);
    assertThat(object.get("t")).isEqualTo(true);
    assertThat(object.get("f")).isEqualTo(false);
    assertThat(object.containsKey("z")).isTrue();
    assertThat(object.get("z")).isNull();
    assertThat(object.get("a")).isEqualTo(Arrays.asList(1L, List.of(), Map.of()));
    assertThat(object.get("o")).isEqualTo(Map.of("x", "y"));
  }

  @Test
  void read_numbersPrintAsTheLiteralsJavaWrites() {
    for (String literal : List.of("0", "-1", "9223372036854775807", "1.5", "1.0E20", "-0.25")) {
      assertThat(JsonReader.read(literal).toString()).as(literal).isEqualTo(literal);
    }
  }

  @Test
  void read_anythingButOneStrictJsonValue_throwsIllegalArgument_withoutEchoingTheText() {
    for (String bad :
        List.of(
            "",
            "{",
            "{\"a\":1,}",
            "[1,]",
            "{\"a\" 1}",
            "{a:1}",
            "\"unterminated",
            "\"bad \\x escape\"",
            "\"short \\u12\"",
            "\"raw\nline\"",
            "01",
            "1.",
            "-",
            "tru",
            "nul",
            "{} {}",
            "{\"a\":1,\"a\":2}",
            "// comment\n{}",
            "[".repeat(100) + "]".repeat(100))) {
      assertThatThrownBy(() -> JsonReader.read(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid JSON at offset");
    }
  }

  @Test
  void error_namesTheOffsetNotTheText() {
    assertThatThrownBy(() -> JsonReader.read("{\"secret-ish\": nope}"))
        .hasMessage("invalid JSON at offset 15: unexpected character");
  }
}

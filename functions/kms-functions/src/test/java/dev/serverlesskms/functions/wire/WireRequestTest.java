package dev.serverlesskms.functions.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireRequestTest {
  @Test
  void headersAreKeptByLowerCaseNameWithRepeatedValuesInTheOrderReceived() {
    Map<String, List<String>> headers =
        WireRequest.headersOf(
            List.of(
                Map.entry("X-Amz-Target", "TrentService.Encrypt"),
                Map.entry("X-Custom", "first"),
                Map.entry("Host", "127.0.0.1:4599"),
                Map.entry("x-custom", "second")));

    assertThat(headers)
        .containsExactly(
            Map.entry("x-amz-target", List.of("TrentService.Encrypt")),
            Map.entry("x-custom", List.of("first", "second")),
            Map.entry("host", List.of("127.0.0.1:4599")));
    WireRequest request = new WireRequest("r", "POST", "/", null, headers, null, null, null, null);
    assertThat(request.target()).isEqualTo("TrentService.Encrypt");
    assertThat(request.header("x-custom")).isEqualTo("first");
  }
}

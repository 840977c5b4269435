package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
  private final AllowedHosts loopback = AllowedHosts.of(AllowedHosts.LOOPBACK);

  @Test
  void loopbackNames_withAnyPortOrNone_andAnyCase_areAccepted() {
    for (String host :
        List.of(
            "localhost",
            "localhost:4599",
            "LOCALHOST:1",
            "127.0.0.1",
            "127.0.0.1:9101",
            "[::1]",
            "[::1]:4599",
            " 127.0.0.1:4599 ")) {
      assertThat(loopback.accepts(host)).as(host).isTrue();
    }
  }

  @Test
  void otherNames_rebindingNames_andMalformedHeaders_areRefused() {
    for (String host :
        List.of(
            "evil.example",
            "evil.example:4599",
            "localhost.evil.example",
            "127.0.0.1.nip.io:4599",
            "localhost.",
            "127.0.0.2",
            "0.0.0.0:4599",
            "::1",
            "[::1",
            "[::1]x",
            "localhost:45x9",
            "localhost:4599:1",
            ":4599",
            "")) {
      assertThat(loopback.accepts(host)).as(host).isFalse();
    }
    assertThat(loopback.accepts(null)).isFalse();
  }

  @Test
  void configuredNames_addToOrReplaceTheDefaults_ipv6WithOrWithoutBrackets() {
    AllowedHosts lan = AllowedHosts.of(List.of("kms.internal", " ::1 ", "192.168.1.20"));

    assertThat(lan.accepts("kms.internal:4599")).isTrue();
    assertThat(lan.accepts("KMS.Internal")).isTrue();
    assertThat(lan.accepts("[::1]:4599")).isTrue();
    assertThat(lan.accepts("192.168.1.20:4599")).isTrue();
    assertThat(lan.accepts("localhost:4599")).isFalse();
  }

  @Test
  void star_acceptsAnyHost_evenNone() {
    AllowedHosts any = AllowedHosts.of(List.of("*"));

    assertThat(any.acceptsAny()).isTrue();
    assertThat(any.accepts("evil.example:4599")).isTrue();
    assertThat(any.accepts(null)).isTrue();
  }

  @Test
  void noNames_isAConfigurationError() {
    assertThatThrownBy(() -> AllowedHosts.of(List.of(" ", "")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kms.local.allowed-hosts");
  }
}

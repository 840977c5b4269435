package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevelopmentCredentialsGuardTest {
  private static final LocalPrincipals DEVELOPMENT = credentials("test:test");
  private static final LocalPrincipals OWN = credentials("AKIDLOCAL:s3cr3t-0f-my-own");

  @Test
  void developmentPair_beyondLoopback_refusesToStart_namingTheWaysOut() {
    for (String bind : new String[] {"0.0.0.0", "::", "[::]", "192.0.2.10"}) {
      assertThatThrownBy(() -> DevelopmentCredentialsGuard.check(bind, DEVELOPMENT, false))
          .as(bind)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("test/test")
          .hasMessageContaining("kms.local.credentials")
          .hasMessageContaining("kms.local.allow-development-credentials-beyond-loopback=true");
    }
  }

  @Test
  void developmentPair_onLoopback_starts() {
    for (String bind : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"}) {
      assertThatCode(() -> DevelopmentCredentialsGuard.check(bind, DEVELOPMENT, false))
          .as(bind)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void ownCredentials_orAnExplicitAllowance_startBeyondLoopback() {
    assertThatCode(() -> DevelopmentCredentialsGuard.check("0.0.0.0", OWN, false))
        .doesNotThrowAnyException();
    assertThatCode(() -> DevelopmentCredentialsGuard.check("0.0.0.0", DEVELOPMENT, true))
        .doesNotThrowAnyException();
  }

  @Test
  void developmentPair_isTheExactPublicPair() {
    assertThat(DEVELOPMENT.hasDevelopmentPair()).isTrue();
    assertThat(credentials("test:other,AKID:test").hasDevelopmentPair()).isFalse();
    assertThat(credentials("AKID:x,test:test").hasDevelopmentPair()).isTrue();
  }

  private static LocalPrincipals credentials(String inline) {
    return LocalPrincipals.load(
        Optional.of(inline), Optional.empty(), Optional.empty(), "000000000000");
  }
}

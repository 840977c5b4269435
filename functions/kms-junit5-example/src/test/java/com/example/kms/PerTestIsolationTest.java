package com.example.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.junit5.KmsServer;
import dev.serverlesskms.junit5.Lifetime;
import dev.serverlesskms.junit5.ServerlessKms;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import software.amazon.awssdk.services.kms.KmsClient;

/** Lifetime.PER_TEST: every test starts from an empty server of its own. */
@ServerlessKms(lifetime = Lifetime.PER_TEST)
class PerTestIsolationTest {
  private static final Set<URI> endpointsSeen = new HashSet<>();

  @RepeatedTest(2)
  void eachTestSeesNoKeysOfAnother(KmsClient kms, URI endpoint, KmsServer server) {
    assertThat(kms.listKeys().keys()).isEmpty();
    kms.createKey(b -> b.description("left behind"));
    assertThat(kms.listKeys().keys()).hasSize(1);
    assertThat(server.endpoint()).isEqualTo(endpoint);
    assertThat(endpointsSeen.add(endpoint)).as("a fresh server per test").isTrue();
  }
}

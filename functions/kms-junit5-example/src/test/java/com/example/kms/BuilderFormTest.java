package com.example.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.junit5.KmsExtension;
import dev.serverlesskms.junit5.KmsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;

/** The builder form, for settings computed at run time. */
class BuilderFormTest {
  @RegisterExtension
  static final KmsExtension KMS = KmsExtension.builder().region("eu-west-1").build();

  @Test
  void keysAreInTheConfiguredRegion(KmsClient kms, KmsServer server) {
    String arn = kms.createKey(b -> b.description("in Ireland")).keyMetadata().arn();
    assertThat(arn).startsWith("arn:aws:kms:eu-west-1:");
    assertThat(server.region()).isEqualTo("eu-west-1");
  }
}

package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.LimitExceededException;

/**
 * The configured resource quotas through the AWS SDK for Java v2 against the packaged server: past
 * them CreateKey and CreateAlias answer LimitExceededException, which the SDK raises as its own
 * exception class; the key quota holds across a restart (the store counts, not the process).
 */
class ResourceQuotasIT {
  @TempDir Path dataDir;

  @Test
  void smallConfiguredQuotas_areLimitExceeded() {
    try (LocalKmsServer server =
        LocalKmsServer.start(
            dataDir,
            Map.of(
                "kms.quotas.customer-keys-per-region", "2",
                "kms.quotas.aliases-per-key", "1"))) {
      String first;
      try (KmsClient kms = server.client()) {
        first = kms.createKey(r -> r.description("one")).keyMetadata().keyId();
        kms.createKey(r -> r.description("two"));

        var refused = expectError("LimitExceededException", () -> kms.createKey(r -> {}));
        assertThat(refused).isInstanceOf(LimitExceededException.class);
        assertThat(refused.awsErrorDetails().errorMessage())
            .isEqualTo(
                "Key quota for this account in this region is 2 but the current usage is 2.");
        assertThat(kms.listKeys(r -> r.limit(100)).keys()).hasSize(2);

        kms.createAlias(r -> r.aliasName("alias/only").targetKeyId(first));
        expectError(
            "LimitExceededException",
            () -> kms.createAlias(r -> r.aliasName("alias/second").targetKeyId(first)));
      }

      server.restart();

      try (KmsClient kms = server.client()) {
        expectError("LimitExceededException", () -> kms.createKey(r -> {}));
      }
    }
  }
}

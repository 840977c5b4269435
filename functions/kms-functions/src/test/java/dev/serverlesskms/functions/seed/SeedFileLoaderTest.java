package dev.serverlesskms.functions.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.testkit.TestKms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed file's two syntaxes reach kms-core's rules; parse errors name a place, not text. */
class SeedFileLoaderTest {
  private static final String ID = "0b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11";
  private final TestKms kms = TestKms.create();

  private KmsKey apply(Path file) {
    SeedFileLoader.apply(file, kms.environment(), kms.audit());
    return kms.store().find(new KeyId(ID)).orElseThrow();
  }

  @Test
  void readsYamlWithAPolicyWrittenAsAMap(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("seed.yaml"),
            String.join(
                "\n",
                "Keys:",
                "  - KeyId: " + ID,
                "    Description: from yaml",
                "    Policy:",
                "      Version: '2012-10-17'",
                "      Statement:",
                "        - Effect: Allow",
                "          Principal: {AWS: 'arn:aws:iam::111122223333:root'}",
                "          Action: 'kms:*'",
                "          Resource: '*'",
                ""));
    KmsKey key = apply(file);
    assertThat(key.description()).isEqualTo("from yaml");
    assertThat(key.policy()).contains("\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}");
  }

  @Test
  void readsJson(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("seed.json"),
            "{\"Keys\":[{\"KeyId\":\""
                + ID
                + "\",\"KeySpec\":\"HMAC_256\",\"KeyUsage\":\"GENERATE_VERIFY_MAC\"}]}");
    assertThat(apply(file).keySpec().toString()).isEqualTo("HMAC_256");
  }

  @Test
  void aFileThatDoesNotParseIsRefusedByPlaceWithoutQuotingIt(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(dir.resolve("seed.yaml"), "Keys:\n  - KeyId: [secret-looking-text\n");
    assertThatThrownBy(() -> apply(file))
        .isInstanceOf(SeedFileRefusedException.class)
        .hasMessageContaining("not YAML or JSON (line")
        .hasMessageNotContaining("secret-looking-text");
  }

  @Test
  void namesEveryProblemOfARefusedFile(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("seed.yaml"),
            "Keys:\n  - KeyId: " + ID + "\n    KeySpec: ECC_NIST_P256\n    Material: AAAA\n");
    assertThatThrownBy(() -> apply(file))
        .isInstanceOf(SeedFileRefusedException.class)
        .hasMessageContaining("Keys[0] (KeyId " + ID + "): KeyUsage: required")
        .hasMessageContaining("Keys[0] (KeyId " + ID + "): Material:")
        .hasMessageNotContaining("AAAA");
  }
}

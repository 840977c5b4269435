package dev.serverlesskms.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Decrypt of a damaged ciphertext, through the whole facade (reader, key lookup, enclave): the
 * fuzzer edits a real ciphertext (changed bytes, cut or extended, another KeyId, another encryption
 * context), and Decrypt must refuse every edit with an AWS error that is not an internal one, and
 * return the plaintext only for the untouched ciphertext under its own context.
 *
 * <p>Longer runs: docs/fuzzing.md.
 */
class DecryptFuzzTest {
  private static final byte[] PLAINTEXT =
      "fuzz-known-plaintext-6d1f0c".getBytes(StandardCharsets.US_ASCII);
  private static final Map<String, String> CONTEXT = Map.of("purpose", "fuzz");

  /** What a damaged ciphertext, or a KeyId that is not its key, may be answered with. */
  private static final Set<KmsErrorType> REFUSALS =
      EnumSet.of(
          KmsErrorType.INVALID_CIPHERTEXT,
          KmsErrorType.INCORRECT_KEY,
          KmsErrorType.ACCESS_DENIED,
          KmsErrorType.NOT_FOUND,
          KmsErrorType.VALIDATION);

  private static TestKms kms;
  private static String keyId;
  private static byte[] ciphertext;

  /** One key and one ciphertext for the whole run (test instances may not be reused). */
  private static synchronized void setUpOnce() {
    if (kms != null) {
      return;
    }
    kms = TestKms.create();
    keyId =
        kms.call(
                kms.kms().createKey,
                new CreateKeyRequest(
                    null, null, null, null, null, null, null, null, null, null, null))
            .keyMetadata()
            .keyId();
    ciphertext =
        kms.call(
                kms.kms().encrypt,
                new EncryptRequest(keyId, PLAINTEXT.clone(), CONTEXT, null, null, null))
            .ciphertextBlob();
  }

  @FuzzTest(maxDuration = "1s")
  void decrypt_ofAnEditedCiphertext_refusesIt_andNeverReturnsThePlaintext(FuzzedDataProvider data) {
    setUpOnce();
    byte[] blob = edit(ciphertext, data);
    boolean sameContext = data.consumeBoolean();
    Map<String, String> context = sameContext ? CONTEXT : Map.of("purpose", data.consumeString(16));
    String requestKeyId =
        switch (data.consumeInt(0, 2)) {
          case 0 -> null;
          case 1 -> keyId;
          default -> data.consumeString(80);
        };
    boolean untouched = Arrays.equals(blob, ciphertext) && CONTEXT.equals(context);

    DecryptResponse response;
    try {
      response =
          kms.call(
              kms.kms().decrypt, new DecryptRequest(blob, context, null, requestKeyId, null, null));
    } catch (KmsException e) {
      assertThat(e.type()).as(e.toString()).isIn(REFUSALS);
      if (untouched) {
        // Only the KeyId can be wrong then: never the ciphertext.
        assertThat(e.type()).as(e.toString()).isNotEqualTo(KmsErrorType.INVALID_CIPHERTEXT);
      }
      return;
    } finally {
      kms.audit().clear();
    }
    assertThat(untouched).as("Decrypt answered an edited ciphertext or context").isTrue();
    assertThat(response.plaintext()).isEqualTo(PLAINTEXT);
  }

  /** Up to eight byte changes, then maybe a cut or an extension. */
  private static byte[] edit(byte[] original, FuzzedDataProvider data) {
    byte[] blob = original.clone();
    int changes = data.consumeInt(0, 8);
    for (int i = 0; i < changes; i++) {
      int at = data.consumeInt(0, blob.length - 1);
      blob[at] ^= data.consumeByte();
    }
    return switch (data.consumeInt(0, 2)) {
      case 0 -> blob;
      case 1 -> Arrays.copyOf(blob, data.consumeInt(0, blob.length));
      default -> {
        byte[] tail = data.consumeBytes(64);
        byte[] longer = Arrays.copyOf(blob, blob.length + tail.length);
        System.arraycopy(tail, 0, longer, blob.length, tail.length);
        yield longer;
      }
    };
  }
}

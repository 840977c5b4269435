package dev.serverlesskms.enclave.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.port.Enclave.NewKeyVersion;
import dev.serverlesskms.core.port.ImportTokenException;
import dev.serverlesskms.core.port.ImportedMaterialException;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKey;
import dev.serverlesskms.enclave.RootKeySecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The import token reader (ImportKeyMaterial's token and wrapped material) on any bytes, through
 * the enclave's public import: it either imports, or refuses with the two exceptions the enclave
 * declares for this (ImportTokenException, ImportedMaterialException, which kms-core turns into
 * InvalidImportTokenException, ExpiredImportTokenException, IncorrectKeyMaterialException or
 * InvalidCiphertextException); never anything else.
 *
 * <p>An input is {@code mode (1) || material length (2, big-endian) || material || rest}. Mode 0
 * hands {@code rest} over as the token: the fuzzer attacks the framing and the root key's
 * authentication. Mode 1 seals {@code rest} as the token's authenticated payload first, with the
 * documented aad ({@code "serverless-kms/import-token/v1" || key id || root key id}): the fuzzer
 * then reaches what only a token from this enclave can carry (algorithm code, validity, the PKCS#8
 * wrapping key, and the material unwrapped with it).
 *
 * <p>Seeds (real tokens, real payloads with an RSA-2048 key, and their material): {@code
 * src/test/resources/dev/serverlesskms/enclave/fuzz/ImportTokenFuzzTestInputs/}. Longer runs:
 * docs/fuzzing.md.
 */
class ImportTokenFuzzTest {
  /** The root key of the seeds: 32 bytes of 0x5A. */
  static final String ROOT_KEY_BASE64 = Base64.getEncoder().encodeToString(filled(0x5A));

  static final KeyId KEY_ID = new KeyId("0b3f1e2d-4c5a-4e6f-8a9b-0c1d2e3f4a5b");
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final byte[] AAD_LABEL =
      "serverless-kms/import-token/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_MATERIAL = 1024;

  private static RootKey rootKey;
  private static KeyVersionEnclave enclave;

  private static synchronized void setUpOnce() {
    if (enclave == null) {
      rootKey = RootKeySecret.decode(ROOT_KEY_BASE64);
      enclave = new KeyVersionEnclave(rootKey, new SecureRandom(), 16);
    }
  }

  @FuzzTest(maxDuration = "1s")
  void importKeyMaterial_ofAnyTokenAndMaterial_importsOrRefusesWithTheDeclaredExceptions(
      byte[] input) {
    Object outcome = importOnce(input);
    if (outcome instanceof NewKeyVersion imported) {
      assertThat(imported.materialId()).matches("[0-9a-f]{64}");
    }
  }

  /**
   * Runs one input.
   *
   * @return the imported version, the declared exception it was refused with, or {@code null} for
   *     an input too short to frame
   */
  static Object importOnce(byte[] input) {
    setUpOnce();
    if (input.length < 3) {
      return null;
    }
    boolean authenticated = (input[0] & 1) == 1;
    int materialLength = Math.min(ByteBuffer.wrap(input, 1, 2).getShort() & 0xFFFF, MAX_MATERIAL);
    materialLength = Math.min(materialLength, input.length - 3);
    byte[] material = Arrays.copyOfRange(input, 3, 3 + materialLength);
    byte[] rest = Arrays.copyOfRange(input, 3 + materialLength, input.length);
    byte[] token = authenticated ? sealAsPayload(rest) : rest;
    try {
      return enclave.importKeyMaterial(new KeyVersionRef(KEY_ID, 1), token, material, NOW);
    } catch (ImportTokenException | ImportedMaterialException e) {
      if (material.length >= 8) {
        assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(material));
      }
      return e;
    }
  }

  /** {@code 0x01 || RootKey.wrap(payload, aad)}: a token as only this enclave can make it. */
  static byte[] sealAsPayload(byte[] payload) {
    byte[] rootId = rootKey().id().getBytes(StandardCharsets.US_ASCII);
    byte[] aad =
        ByteBuffer.allocate(AAD_LABEL.length + 16 + rootId.length)
            .put(AAD_LABEL)
            .put(KEY_ID.toBytes())
            .put(rootId)
            .array();
    byte[] wrapped = rootKey().wrap(payload, aad);
    byte[] token = new byte[1 + wrapped.length];
    token[0] = 0x01;
    System.arraycopy(wrapped, 0, token, 1, wrapped.length);
    return token;
  }

  static RootKey rootKey() {
    setUpOnce();
    return rootKey;
  }

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}

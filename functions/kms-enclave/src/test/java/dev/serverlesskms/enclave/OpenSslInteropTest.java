package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interop with the {@code openssl} command (installed by .ci/run), run at test time: private keys
 * OpenSSL generates, wrapped for import by OpenSSL itself the way AWS's developer guide shows
 * (pkeyutl RSA-OAEP, and enc -id-aes256-wrap-pad for RSA_AES_KEY_WRAP), import into the enclave
 * with the public key OpenSSL derives; and signatures the enclave makes verify with OpenSSL from
 * the public key alone.
 */
class OpenSslInteropTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final byte[] MESSAGE =
      "interop: signed in the enclave, checked by openssl".getBytes(StandardCharsets.UTF_8);
  private static KeyVersionEnclave enclave;

  @TempDir Path dir;

  @BeforeAll
  static void open() {
    enclave = new KeyVersionEnclave(TestRootKeys.software(0x44), new SecureRandom(), 16);
  }

  @AfterAll
  static void close() {
    enclave.close();
  }

  /** Runs openssl in {@link #dir}; fails the test with its output if it exits non-zero. */
  private byte[] openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(Arrays.asList(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("openssl %s: %s", String.join(" ", args), new String(output, StandardCharsets.UTF_8))
        .isZero();
    return output;
  }

  private void write(String name, byte[] bytes) throws IOException {
    Files.write(dir.resolve(name), bytes);
  }

  private byte[] read(String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }

  /** The PEM of a DER SubjectPublicKeyInfo, for openssl's -pubin / -verify. */
  private void writePublicPem(String name, byte[] spki) throws IOException {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(spki)
            + "\n-----END PUBLIC KEY-----\n";
    write(name, pem.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * OpenSSL wraps {@code material.bin} for import as AWS's developer guide does it, with the
   * wrapping public key of GetParametersForImport; returns the encrypted key material.
   */
  private byte[] wrapWithOpenSsl(WrappingAlgorithm algorithm, byte[] wrappingPublicKey)
      throws Exception {
    writePublicPem("wrapping.pem", wrappingPublicKey);
    String digest = algorithm.name().endsWith("SHA_1") ? "sha1" : "sha256";
    List<String> oaep =
        List.of(
            "-pkeyopt",
            "rsa_padding_mode:oaep",
            "-pkeyopt",
            "rsa_oaep_md:" + digest,
            "-pkeyopt",
            "rsa_mgf1_md:" + digest);
    if (algorithm.name().startsWith("RSAES_OAEP")) {
      List<String> args =
          new ArrayList<>(List.of("pkeyutl", "-encrypt", "-pubin", "-inkey", "wrapping.pem"));
      args.addAll(oaep);
      args.addAll(List.of("-in", "material.bin", "-out", "wrapped.bin"));
      openssl(args.toArray(String[]::new));
      return read("wrapped.bin");
    }
    // RSA_AES_KEY_WRAP: a fresh AES-256 key wraps the material (RFC 5649), RSA-OAEP wraps the key
    byte[] aesKey = openssl("rand", "-hex", "32");
    String aesHex = new String(aesKey, StandardCharsets.US_ASCII).trim();
    write("aes.bin", HexFormat.of().parseHex(aesHex));
    openssl(
        "enc",
        "-id-aes256-wrap-pad",
        "-K",
        aesHex,
        "-iv",
        "A65959A6",
        "-in",
        "material.bin",
        "-out",
        "material.wrapped");
    List<String> args =
        new ArrayList<>(List.of("pkeyutl", "-encrypt", "-pubin", "-inkey", "wrapping.pem"));
    args.addAll(oaep);
    args.addAll(List.of("-in", "aes.bin", "-out", "aes.wrapped"));
    openssl(args.toArray(String[]::new));
    byte[] wrappedKey = read("aes.wrapped");
    byte[] wrappedMaterial = read("material.wrapped");
    byte[] out = Arrays.copyOf(wrappedKey, wrappedKey.length + wrappedMaterial.length);
    System.arraycopy(wrappedMaterial, 0, out, wrappedKey.length, wrappedMaterial.length);
    return out;
  }

  private Enclave.NewKeyVersion importMaterialFile(
      KeyVersionRef ref, KeySpec spec, WrappingAlgorithm algorithm) throws Exception {
    Enclave.ImportParameters parameters =
        enclave.createImportParameters(
            ref.keyId(), WrappingKeySpec.RSA_3072, algorithm, NOW.plus(Duration.ofHours(24)));
    byte[] wrapped = wrapWithOpenSsl(algorithm, parameters.publicKey());
    return enclave.importKeyMaterial(ref, spec, parameters.importToken(), wrapped, NOW);
  }

  @ParameterizedTest
  @CsvSource({
    "RSA_2048, RSA_AES_KEY_WRAP_SHA_256, -algorithm RSA -pkeyopt rsa_keygen_bits:2048",
    "RSA_4096, RSA_AES_KEY_WRAP_SHA_1, -algorithm RSA -pkeyopt rsa_keygen_bits:4096",
    "ECC_NIST_P256, RSAES_OAEP_SHA_256, -algorithm EC -pkeyopt ec_paramgen_curve:P-256",
    "ECC_NIST_P384, RSAES_OAEP_SHA_1, -algorithm EC -pkeyopt ec_paramgen_curve:P-384",
    "ECC_NIST_P521, RSA_AES_KEY_WRAP_SHA_256, -algorithm EC -pkeyopt ec_paramgen_curve:P-521",
    "ECC_SECG_P256K1, RSAES_OAEP_SHA_256, -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1",
  })
  void anOpenSslKeyImports_andSignaturesMadeHereVerifyWithOpenSsl(
      KeySpec spec, WrappingAlgorithm wrapping, String genpkeyOptions) throws Exception {
    List<String> genpkey = new ArrayList<>(List.of("genpkey"));
    genpkey.addAll(Arrays.asList(genpkeyOptions.split(" ")));
    genpkey.addAll(List.of("-out", "key.pem"));
    openssl(genpkey.toArray(String[]::new));
    openssl(
        "pkcs8", "-topk8", "-nocrypt", "-in", "key.pem", "-outform", "DER", "-out", "material.bin");
    openssl("pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "public.der");
    KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);

    WrappedKey key = importMaterialFile(ref, spec, wrapping).material();

    byte[] publicKey = enclave.publicKey(ref, spec, key);
    assertThat(publicKey).isEqualTo(read("public.der"));
    writePublicPem("public.pem", publicKey);
    write("message.txt", MESSAGE);
    for (SigningAlgorithm algorithm : spec.signingAlgorithms(KeyUsage.SIGN_VERIFY)) {
      write("signature.bin", enclave.sign(ref, spec, key, algorithm, MessageType.RAW, MESSAGE));
      // sha256, sha384, sha512: the digest the algorithm's name ends with
      String sha = "sha" + algorithm.name().substring(algorithm.name().lastIndexOf('_') + 1);
      List<String> verify = new ArrayList<>(List.of("dgst", "-" + sha, "-verify", "public.pem"));
      if (algorithm.name().startsWith("RSASSA_PSS")) {
        verify.addAll(
            List.of(
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:digest",
                "-sigopt",
                "rsa_mgf1_md:" + sha));
      }
      verify.addAll(List.of("-signature", "signature.bin", "message.txt"));
      assertThat(new String(openssl(verify.toArray(String[]::new)), StandardCharsets.US_ASCII))
          .as("%s %s", spec, algorithm)
          .contains("Verified OK");
    }
  }

  @Test
  void ed25519SignaturesVerifyWithOpenSsl() throws Exception {
    KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);
    KeySpec spec = KeySpec.ECC_NIST_EDWARDS25519;
    WrappedKey key = enclave.generateKeyVersion(ref, spec).material();
    writePublicPem("public.pem", enclave.publicKey(ref, spec, key));
    write("message.txt", MESSAGE);
    write(
        "signature.bin",
        enclave.sign(ref, spec, key, SigningAlgorithm.ED25519_SHA_512, MessageType.RAW, MESSAGE));
    assertThat(
            new String(
                openssl(
                    "pkeyutl",
                    "-verify",
                    "-pubin",
                    "-inkey",
                    "public.pem",
                    "-rawin",
                    "-in",
                    "message.txt",
                    "-sigfile",
                    "signature.bin"),
                StandardCharsets.US_ASCII))
        .contains("Signature Verified Successfully");
  }

  @Test
  void anOpenSslRandomHmacKeyImports_andMacsAsOpenSslDoes() throws Exception {
    openssl("rand", "-out", "material.bin", "32");
    KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);
    WrappedKey key =
        importMaterialFile(ref, KeySpec.HMAC_256, WrappingAlgorithm.RSAES_OAEP_SHA_256).material();
    write("message.txt", MESSAGE);
    String expected =
        new String(
            openssl(
                "dgst",
                "-sha256",
                "-mac",
                "HMAC",
                "-macopt",
                "hexkey:" + HexFormat.of().formatHex(read("material.bin")),
                "-r",
                "message.txt"),
            StandardCharsets.US_ASCII);
    byte[] mac =
        enclave.generateMac(ref, KeySpec.HMAC_256, key, MacAlgorithm.HMAC_SHA_256, MESSAGE);
    assertThat(expected).startsWith(HexFormat.of().formatHex(mac));
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(read("material.bin"), "HmacSHA256"));
    assertThat(mac).isEqualTo(jdk.doFinal(MESSAGE));
  }
}

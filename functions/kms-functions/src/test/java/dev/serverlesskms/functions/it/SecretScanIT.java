package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * A full session against the packaged server (keys created, known plaintexts encrypted and
 * decrypted, data keys and random bytes generated, key material of known bytes imported with both
 * wrapping algorithms, a re-encryption, and errors, one of them a plaintext sent as a wrongly
 * encoded value), with the server logging at DEBUG; then every line the server wrote to its stdout
 * and stderr and every audit record is searched for every secret of the session: raw (bytes read as
 * ISO-8859-1), base64 and base64url (with and without padding), hex (lower and upper case). None
 * may be found.
 */
class SecretScanIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dataDir;

  /** Every secret of the session, by what it is. */
  private final Map<String, byte[]> secrets = new LinkedHashMap<>();

  @Test
  void fullSession_leavesNoSecretInAnyLogLineOrAuditRecord() throws Exception {
    int port;
    try (LocalKmsServer server =
            LocalKmsServer.start(dataDir, Map.of("quarkus.log.level", "DEBUG"));
        KmsClient kms = server.client()) {
      port = server.port();
      runSession(server, kms);
    }

    List<String> scanned = new ArrayList<>();
    List<String> found = new ArrayList<>();
    for (Path file : filesToScan(port)) {
      // Every byte as one char, the whole file at once: a raw secret may hold a line break.
      String content = Files.readString(file, StandardCharsets.ISO_8859_1);
      scanned.add(file + " (" + content.lines().count() + " lines)");
      if (!file.getFileName().toString().equals("audit.jsonl")) {
        assertThat(content).as("the server logged at DEBUG").contains(" DEBUG ");
      }
      for (String finding : findings(content, secrets)) {
        found.add(file.getFileName() + ": " + finding);
      }
    }

    assertThat(scanned).as("the server log and the audit log").hasSizeGreaterThanOrEqualTo(2);
    assertThat(Files.readAllLines(dataDir.resolve("audit.jsonl"))).hasSizeGreaterThan(20);
    assertThat(found).as("secrets found in %s", scanned).isEmpty();
  }

  /** The scanner finds each encoding it searches for: the test above can fail. */
  @Test
  void scanner_findsASecretInEveryEncoding() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    secret[0] = (byte) 0xFB; // base64 and base64url differ from the first character on
    Map<String, byte[]> one = Map.of("secret", secret);
    encodings(secret)
        .forEach(
            (encoding, encoded) ->
                assertThat(findings("prefix\n" + encoded + "\nsuffix", one))
                    .as(encoding)
                    .contains("secret as " + encoding + " at line 2"));
    assertThat(findings(Base64.getEncoder().encodeToString(new byte[32]), one)).isEmpty();
  }

  private void runSession(LocalKmsServer server, KmsClient kms) throws Exception {
    byte[] text =
        secret(
            "known text plaintext",
            "scan-plaintext: the quick brown fox 7c1e2a".getBytes(StandardCharsets.US_ASCII));
    byte[] binary = secret("known binary plaintext", random(64));
    Map<String, String> context = Map.of("purpose", "secret-scan");

    String keyId = kms.createKey(r -> r.description("secret scan")).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName("alias/secret-scan").targetKeyId(keyId));
    SdkBytes textBlob = encrypt(kms, "alias/secret-scan", text, context);
    SdkBytes binaryBlob = encrypt(kms, keyId, binary, context);
    assertDecryptsTo(kms, textBlob, context, text);
    assertDecryptsTo(kms, binaryBlob, context, binary);

    var dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256));
    secret("GenerateDataKey AES_256", dataKey.plaintext().asByteArray());
    assertDecryptsTo(kms, dataKey.ciphertextBlob(), Map.of(), dataKey.plaintext().asByteArray());
    secret(
        "GenerateDataKey 64 bytes",
        kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(64).encryptionContext(context))
            .plaintext()
            .asByteArray());
    SdkBytes withoutPlaintext =
        kms.generateDataKeyWithoutPlaintext(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_128))
            .ciphertextBlob();
    secret(
        "GenerateDataKeyWithoutPlaintext, decrypted",
        kms.decrypt(r -> r.ciphertextBlob(withoutPlaintext)).plaintext().asByteArray());
    secret(
        "GenerateRandom", kms.generateRandom(r -> r.numberOfBytes(48)).plaintext().asByteArray());
    secret(
        "GenerateDataKeyPair private key",
        kms.generateDataKeyPair(
                r ->
                    r.keyId(keyId)
                        .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)
                        .encryptionContext(context))
            .privateKeyPlaintext()
            .asByteArray());
    String hmacKey =
        kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
            .keyMetadata()
            .keyId();
    byte[] macMessage = secret("GenerateMac message", random(64));
    SdkBytes mac =
        kms.generateMac(
                r ->
                    r.keyId(hmacKey)
                        .message(SdkBytes.fromByteArray(macMessage))
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))
            .mac();
    secret("GenerateMac MAC", mac.asByteArray());
    kms.verifyMac(
        r ->
            r.keyId(hmacKey)
                .message(SdkBytes.fromByteArray(macMessage))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .mac(mac));
    String agreementKey =
        kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.KEY_AGREEMENT))
            .keyMetadata()
            .keyId();
    KeyPairGenerator peers = KeyPairGenerator.getInstance("EC");
    peers.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] peer = peers.generateKeyPair().getPublic().getEncoded();
    secret(
        "DeriveSharedSecret secret",
        kms.deriveSharedSecret(
                r ->
                    r.keyId(agreementKey)
                        .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                        .publicKey(SdkBytes.fromByteArray(peer)))
            .sharedSecret()
            .asByteArray());

    String oaepKey =
        importKey(
            kms, AlgorithmSpec.RSAES_OAEP_SHA_256, secret("imported material, OAEP", random(32)));
    String kwpKey =
        importKey(
            kms,
            AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256,
            secret("imported material, KWP", random(32)));
    SdkBytes underImported = encrypt(kms, oaepKey, text, context);
    assertDecryptsTo(kms, underImported, context, text);
    SdkBytes reEncrypted =
        kms.reEncrypt(
                r ->
                    r.ciphertextBlob(textBlob)
                        .sourceEncryptionContext(context)
                        .destinationKeyId(kwpKey)
                        .destinationEncryptionContext(context))
            .ciphertextBlob();
    assertDecryptsTo(kms, reEncrypted, context, text);

    // errors: a wrong context, material of the wrong length, a disabled key, plaintext sent wrongly
    expectError("InvalidCiphertextException", () -> kms.decrypt(r -> r.ciphertextBlob(textBlob)));
    GetParametersForImportResponse parameters =
        importParameters(kms, createExternalKey(kms), AlgorithmSpec.RSAES_OAEP_SHA_256);
    byte[] shortMaterial = secret("imported material of 31 bytes, refused", random(31));
    SdkBytes wrappedShort =
        SdkBytes.fromByteArray(oaep(parameters.publicKey().asByteArray(), shortMaterial));
    expectError(
        "IncorrectKeyMaterialException",
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(parameters.keyId())
                        .importToken(parameters.importToken())
                        .encryptedKeyMaterial(wrappedShort)
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
    kms.disableKey(r -> r.keyId(keyId));
    expectError("DisabledException", () -> encrypt(kms, keyId, text, context));
    RawKmsHttp http = new RawKmsHttp(server.endpoint());
    String notBase64 =
        new String(
            secret(
                "plaintext sent as text, not base64",
                "scan: a plaintext sent unencoded! 92d0f3".getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.US_ASCII);
    expectRefused(
        http.post(
            "TrentService.Encrypt",
            "{\"KeyId\":\"" + oaepKey + "\",\"Plaintext\":\"" + notBase64 + "\"}"));
    String wronglyTyped =
        new String(
            secret(
                "plaintext sent in an array",
                "scan: a plaintext in the wrong type 5be417".getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.US_ASCII);
    expectRefused(
        http.post(
            "TrentService.Encrypt",
            "{\"KeyId\":\"" + oaepKey + "\",\"Plaintext\":[\"" + wronglyTyped + "\"]}"));
  }

  private String importKey(KmsClient kms, AlgorithmSpec algorithm, byte[] material)
      throws Exception {
    GetParametersForImportResponse parameters =
        importParameters(kms, createExternalKey(kms), algorithm);
    byte[] publicKey = parameters.publicKey().asByteArray();
    byte[] wrapped;
    if (algorithm == AlgorithmSpec.RSAES_OAEP_SHA_256) {
      wrapped = oaep(publicKey, material);
    } else {
      byte[] ephemeral = secret("ephemeral AES key of RSA_AES_KEY_WRAP", random(32));
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.WRAP_MODE, new SecretKeySpec(ephemeral, "AES"));
      byte[] wrappedMaterial = kwp.wrap(new SecretKeySpec(material, "AES"));
      byte[] wrappedKey = oaep(publicKey, ephemeral);
      wrapped = new byte[wrappedKey.length + wrappedMaterial.length];
      System.arraycopy(wrappedKey, 0, wrapped, 0, wrappedKey.length);
      System.arraycopy(wrappedMaterial, 0, wrapped, wrappedKey.length, wrappedMaterial.length);
    }
    byte[] encrypted = wrapped;
    kms.importKeyMaterial(
        r ->
            r.keyId(parameters.keyId())
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(encrypted))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
    return parameters.keyId();
  }

  private static String createExternalKey(KmsClient kms) {
    return kms.createKey(r -> r.origin(OriginType.EXTERNAL).description("secret scan, imported"))
        .keyMetadata()
        .keyId();
  }

  private static GetParametersForImportResponse importParameters(
      KmsClient kms, String keyId, AlgorithmSpec algorithm) {
    return kms.getParametersForImport(
        r -> r.keyId(keyId).wrappingAlgorithm(algorithm).wrappingKeySpec(WrappingKeySpec.RSA_2048));
  }

  private static byte[] oaep(byte[] publicKeyDer, byte[] data) throws Exception {
    PublicKey key =
        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(
        Cipher.ENCRYPT_MODE,
        key,
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    return rsa.doFinal(data);
  }

  private static SdkBytes encrypt(
      KmsClient kms, String keyId, byte[] plaintext, Map<String, String> context) {
    return kms.encrypt(
            r ->
                r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionContext(context))
        .ciphertextBlob();
  }

  private static void assertDecryptsTo(
      KmsClient kms, SdkBytes blob, Map<String, String> context, byte[] plaintext) {
    assertThat(
            kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context))
                .plaintext()
                .asByteArray())
        .isEqualTo(plaintext);
  }

  private static void expectRefused(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  private byte[] secret(String what, byte[] bytes) {
    secrets.put(what, bytes);
    return bytes;
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** This server's log files (one per start) and the audit log. */
  private List<Path> filesToScan(int port) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> logs = Files.list(Path.of("target", "it-server-logs"))) {
      logs.filter(p -> p.getFileName().toString().startsWith("server-" + port + "-"))
          .forEach(files::add);
    }
    files.add(dataDir.resolve("audit.jsonl"));
    return files;
  }

  /** What of {@code secrets} {@code text} holds, in any of the searched encodings, and where. */
  static List<String> findings(String text, Map<String, byte[]> secrets) {
    List<String> found = new ArrayList<>();
    secrets.forEach(
        (what, secret) ->
            encodings(secret)
                .forEach(
                    (encoding, encoded) -> {
                      int at = text.indexOf(encoded);
                      if (at >= 0) {
                        long line = text.substring(0, at).chars().filter(c -> c == '\n').count();
                        found.add(what + " as " + encoding + " at line " + (line + 1));
                      }
                    }));
    return found;
  }

  /** The forms a secret is searched in, by name. */
  static Map<String, String> encodings(byte[] secret) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("raw", new String(secret, StandardCharsets.ISO_8859_1));
    forms.put("base64", Base64.getEncoder().encodeToString(secret));
    forms.put("base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(secret));
    forms.put("base64url", Base64.getUrlEncoder().encodeToString(secret));
    forms.put("base64url unpadded", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    forms.put("hex", HexFormat.of().formatHex(secret));
    forms.put("HEX", HexFormat.of().formatHex(secret).toUpperCase(Locale.ROOT));
    return forms;
  }
}

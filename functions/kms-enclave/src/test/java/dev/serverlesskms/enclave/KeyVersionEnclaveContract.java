package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave.DataKey;
import dev.serverlesskms.core.port.Enclave.ImportParameters;
import dev.serverlesskms.core.port.Enclave.NewKeyVersion;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.ImportTokenException;
import dev.serverlesskms.core.port.ImportedMaterialException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour of {@link KeyVersionEnclave} that must hold whatever the root key: each subclass
 * runs all of it against one kind of {@link RootKey} (software, PKCS#11).
 *
 * <p>RSA key generation is slow, so the import tests share one set of import parameters (RSA_2048,
 * one per wrapping algorithm) for one key, {@link #importRef}: an import token is stateless and may
 * be used more than once, and the tests choose the time of import, so an expired token needs no key
 * pair of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyVersionEnclaveContract {
  static final byte[] AAD = "header||context".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PLAINTEXT = "attack at dawn".getBytes(StandardCharsets.US_ASCII);

  static final Instant VALID_TO = Instant.parse("2030-01-02T03:04:05.123456789Z");

  KeyVersionEnclave enclave;
  final KeyVersionRef importRef = newRef(1);
  private final Map<WrappingAlgorithm, ImportParameters> importParameters =
      new EnumMap<>(WrappingAlgorithm.class);

  /** The root key under test. Every call opens the same key again, as a restarted process would. */
  abstract RootKey openRootKey();

  /** A different root key of the same kind. */
  abstract RootKey openOtherRootKey();

  @BeforeAll
  void startEnclave() {
    enclave = newEnclave(openRootKey(), 16);
  }

  @AfterAll
  void stopEnclave() {
    enclave.close();
  }

  static KeyVersionEnclave newEnclave(RootKey rootKey, int cacheMaxEntries) {
    return new KeyVersionEnclave(rootKey, new SecureRandom(), cacheMaxEntries);
  }

  static KeyVersionRef newRef(int version) {
    return new KeyVersionRef(KeyId.random(), version);
  }

  /** RSA_2048 import parameters for {@link #importRef}, created once per algorithm. */
  ImportParameters importParameters(WrappingAlgorithm algorithm) {
    return importParameters.computeIfAbsent(
        algorithm,
        a ->
            enclave.createImportParameters(
                importRef.keyId(), WrappingKeySpec.RSA_2048, a, VALID_TO));
  }

  /** Imports {@code material} as the customer would wrap it, one hour before the token expires. */
  NewKeyVersion importAsCustomer(WrappingAlgorithm algorithm, byte[] material) {
    ImportParameters parameters = importParameters(algorithm);
    byte[] encrypted = CustomerKeyWrapping.wrap(algorithm, parameters.publicKey(), material);
    return enclave.importKeyMaterial(
        importRef, parameters.importToken(), encrypted, VALID_TO.minus(Duration.ofHours(1)));
  }

  static byte[] flipped(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  @Test
  void generateKeyVersion_returnsFormatOneBlobAndHexMaterialId() {
    NewKeyVersion version = enclave.generateKeyVersion(newRef(1));

    assertThat(version.material().bytes()[0]).isEqualTo((byte) 0x01);
    assertThat(version.material().length()).isEqualTo(1 + 12 + 32 + 16);
    assertThat(version.materialId()).matches("[0-9a-f]{64}");
  }

  @Test
  void generateKeyVersion_twiceForOneRef_givesDifferentMaterial() {
    KeyVersionRef ref = newRef(1);

    NewKeyVersion first = enclave.generateKeyVersion(ref);
    NewKeyVersion second = enclave.generateKeyVersion(ref);

    assertThat(first.materialId()).isNotEqualTo(second.materialId());
    assertThat(first.material()).isNotEqualTo(second.material());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 4096})
  void seal_thenOpen_returnsThePlaintext(int length) {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    byte[] plaintext = new byte[length];
    new SecureRandom().nextBytes(plaintext);

    byte[] sealed = enclave.seal(ref, key, plaintext, AAD);

    assertThat(sealed).hasSize(16 + length + 16);
    assertThat(enclave.open(ref, key, sealed, AAD)).isEqualTo(plaintext);
  }

  @Test
  void seal_withEmptyAad_roundTrips() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();

    byte[] sealed = enclave.seal(ref, key, PLAINTEXT, new byte[0]);

    assertThat(enclave.open(ref, key, sealed, new byte[0])).isEqualTo(PLAINTEXT);
  }

  @Test
  void seal_twice_givesDifferentPayloads() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();

    assertThat(enclave.seal(ref, key, PLAINTEXT, AAD))
        .isNotEqualTo(enclave.seal(ref, key, PLAINTEXT, AAD));
  }

  @Test
  void open_withWrongAad_throwsAuthenticationFailure() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    byte[] sealed = enclave.seal(ref, key, PLAINTEXT, AAD);

    assertThatThrownBy(() -> enclave.open(ref, key, sealed, flipped(AAD, 0)))
        .isInstanceOf(EnclaveAuthenticationException.class);
    assertThatThrownBy(() -> enclave.open(ref, key, sealed, new byte[0]))
        .isInstanceOf(EnclaveAuthenticationException.class);
  }

  @Test
  void open_withAnyByteFlipped_throwsAuthenticationFailure() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    byte[] sealed = enclave.seal(ref, key, PLAINTEXT, AAD);

    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = flipped(sealed, i);
      assertThatThrownBy(() -> enclave.open(ref, key, tampered, AAD))
          .as("byte %d flipped", i)
          .isInstanceOf(EnclaveAuthenticationException.class)
          .hasMessage("decryption failed");
    }
  }

  @Test
  void open_withTamperedNonce_throwsAuthenticationFailure() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    byte[] sealed = enclave.seal(ref, key, PLAINTEXT, AAD);

    assertThatThrownBy(() -> enclave.open(ref, key, flipped(sealed, 15), AAD))
        .isInstanceOf(EnclaveAuthenticationException.class);
  }

  @Test
  void open_truncatedToAnyLength_throwsAuthenticationFailure() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    byte[] sealed = enclave.seal(ref, key, PLAINTEXT, AAD);

    for (int length = 0; length < sealed.length; length++) {
      byte[] truncated = Arrays.copyOf(sealed, length);
      assertThatThrownBy(() -> enclave.open(ref, key, truncated, AAD))
          .as("truncated to %d bytes", length)
          .isInstanceOf(EnclaveAuthenticationException.class);
    }
  }

  @Test
  void open_withExtraTrailingByte_throwsAuthenticationFailure() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    byte[] sealed = enclave.seal(ref, key, PLAINTEXT, AAD);

    assertThatThrownBy(() -> enclave.open(ref, key, Arrays.copyOf(sealed, sealed.length + 1), AAD))
        .isInstanceOf(EnclaveAuthenticationException.class);
  }

  @Test
  void open_underAnotherVersionsKey_throwsAuthenticationFailure() {
    KeyVersionRef v1 = newRef(1);
    KeyVersionRef v2 = new KeyVersionRef(v1.keyId(), 2);
    WrappedKey key1 = enclave.generateKeyVersion(v1).material();
    WrappedKey key2 = enclave.generateKeyVersion(v2).material();
    byte[] sealed = enclave.seal(v1, key1, PLAINTEXT, AAD);

    assertThatThrownBy(() -> enclave.open(v2, key2, sealed, AAD))
        .isInstanceOf(EnclaveAuthenticationException.class);
  }

  @Test
  void open_withOtherWrappedBlobForTheSameRef_neverUsesTheCachedKey() {
    KeyVersionRef ref = newRef(1);
    WrappedKey first = enclave.generateKeyVersion(ref).material();
    WrappedKey second = enclave.generateKeyVersion(ref).material();
    byte[] sealed = enclave.seal(ref, first, PLAINTEXT, AAD); // caches first's key under ref

    assertThatThrownBy(() -> enclave.open(ref, second, sealed, AAD))
        .isInstanceOf(EnclaveAuthenticationException.class);
    assertThat(enclave.open(ref, first, sealed, AAD)).isEqualTo(PLAINTEXT);
  }

  @Test
  void wrappedKey_movedToAnotherKeyId_throwsKeyMaterialUnavailable() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    KeyVersionRef otherKey = newRef(1);

    assertThatThrownBy(() -> enclave.seal(otherKey, key, PLAINTEXT, AAD))
        .isInstanceOf(KeyMaterialUnavailableException.class)
        .hasMessageContaining(otherKey.keyId().value())
        .hasMessageContaining("version 1");
  }

  @Test
  void wrappedKey_movedToAnotherVersion_throwsKeyMaterialUnavailable() {
    KeyVersionRef ref = newRef(3);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    byte[] sealed = enclave.seal(ref, key, PLAINTEXT, AAD);

    for (int version : new int[] {2, 4, 259}) {
      KeyVersionRef moved = new KeyVersionRef(ref.keyId(), version);
      assertThatThrownBy(() -> enclave.open(moved, key, sealed, AAD))
          .as("moved to version %d", version)
          .isInstanceOf(KeyMaterialUnavailableException.class);
    }
  }

  @Test
  void wrappedKey_withAnyByteFlipped_throwsKeyMaterialUnavailable() {
    KeyVersionRef ref = newRef(1);
    byte[] wrapped = enclave.generateKeyVersion(ref).material().bytes();

    for (int i = 0; i < wrapped.length; i++) {
      WrappedKey tampered = new WrappedKey(flipped(wrapped, i));
      assertThatThrownBy(() -> enclave.seal(ref, tampered, PLAINTEXT, AAD))
          .as("byte %d flipped", i)
          .isInstanceOf(KeyMaterialUnavailableException.class);
    }
  }

  @Test
  void wrappedKey_truncated_throwsKeyMaterialUnavailable() {
    KeyVersionRef ref = newRef(1);
    byte[] wrapped = enclave.generateKeyVersion(ref).material().bytes();

    for (int length : new int[] {1, 2, 13, 29, wrapped.length - 1}) {
      WrappedKey truncated = new WrappedKey(Arrays.copyOf(wrapped, length));
      assertThatThrownBy(() -> enclave.seal(ref, truncated, PLAINTEXT, AAD))
          .as("truncated to %d bytes", length)
          .isInstanceOf(KeyMaterialUnavailableException.class);
    }
  }

  @Test
  void wrappedKey_fromAnotherRootKey_throwsKeyMaterialUnavailable() {
    KeyVersionRef ref = newRef(1);
    try (KeyVersionEnclave other = newEnclave(openOtherRootKey(), 4)) {
      WrappedKey foreign = other.generateKeyVersion(ref).material();

      assertThatThrownBy(() -> enclave.seal(ref, foreign, PLAINTEXT, AAD))
          .isInstanceOf(KeyMaterialUnavailableException.class);
    }
  }

  @Test
  void keyMaterialUnavailable_messageShowsNoBlobBytes() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();
    String blobHex = HexFormat.of().formatHex(key.bytes(), 1, 9);

    assertThatThrownBy(() -> enclave.seal(newRef(1), key, PLAINTEXT, AAD))
        .isInstanceOf(KeyMaterialUnavailableException.class)
        .hasMessageNotContaining(blobHex);
  }

  @Test
  void restart_withTheSameRootKey_opensEarlierPayloads() {
    KeyVersionRef ref = newRef(1);
    NewKeyVersion version = enclave.generateKeyVersion(ref);
    byte[] sealed = enclave.seal(ref, version.material(), PLAINTEXT, AAD);

    try (KeyVersionEnclave restarted = newEnclave(openRootKey(), 4)) {
      assertThat(restarted.open(ref, version.material(), sealed, AAD)).isEqualTo(PLAINTEXT);
    }
  }

  @Test
  void generateDataKey_returnsPlaintextThatOpensFromTheSealedCopy() {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();

    DataKey dataKey = enclave.generateDataKey(ref, key, 32, AAD);

    assertThat(dataKey.plaintext()).hasSize(32);
    assertThat(dataKey.sealed()).hasSize(16 + 32 + 16);
    assertThat(enclave.open(ref, key, dataKey.sealed(), AAD)).isEqualTo(dataKey.plaintext());
    assertThatThrownBy(() -> enclave.open(ref, key, dataKey.sealed(), new byte[0]))
        .isInstanceOf(EnclaveAuthenticationException.class);
  }

  @Test
  void generateDataKey_toStringShowsNoKeyBytes() {
    KeyVersionRef ref = newRef(1);
    DataKey dataKey =
        enclave.generateDataKey(ref, enclave.generateKeyVersion(ref).material(), 16, AAD);

    assertThat(dataKey.toString())
        .isEqualTo("DataKey[16 bytes, sealed 48 bytes]")
        .doesNotContain(HexFormat.of().formatHex(dataKey.plaintext()));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1025})
  void generateDataKey_withLengthOutside1To1024_isRejected(int length) {
    KeyVersionRef ref = newRef(1);
    WrappedKey key = enclave.generateKeyVersion(ref).material();

    assertThatThrownBy(() -> enclave.generateDataKey(ref, key, length, AAD))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 32, 1024})
  void generateRandom_returnsFreshBytesOfTheRequestedLength(int length) {
    byte[] first = enclave.generateRandom(length);
    byte[] second = enclave.generateRandom(length);

    assertThat(first).hasSize(length);
    if (length >= 16) {
      assertThat(first).isNotEqualTo(second);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1025})
  void generateRandom_withLengthOutside1To1024_isRejected(int length) {
    assertThatThrownBy(() -> enclave.generateRandom(length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_namesTheRootKeyAndTheCacheOnly() {
    assertThat(enclave.toString())
        .startsWith("KeyVersionEnclave[rootKey=" + openRootKeyId())
        .contains("/16 version keys, ")
        .endsWith("/16 private keys]");
  }

  private String openRootKeyId() {
    try (RootKey rootKey = openRootKey()) {
      return rootKey.id();
    }
  }

  @Test
  void sealAndOpen_fromManyThreads_withACacheSmallerThanTheWorkingSet_allRoundTrip()
      throws Exception {
    int keyCount = 6;
    List<KeyVersionRef> refs = new ArrayList<>();
    List<WrappedKey> keys = new ArrayList<>();
    try (KeyVersionEnclave small = newEnclave(openRootKey(), 2)) {
      for (int i = 0; i < keyCount; i++) {
        KeyVersionRef ref = newRef(i + 1);
        refs.add(ref);
        keys.add(small.generateKeyVersion(ref).material());
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> tasks = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
          int offset = thread;
          tasks.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 150; i++) {
                      int k = (offset + i) % keyCount;
                      byte[] plaintext =
                          ("message " + offset + "/" + i).getBytes(StandardCharsets.UTF_8);
                      byte[] sealed = small.seal(refs.get(k), keys.get(k), plaintext, AAD);
                      assertThat(small.open(refs.get(k), keys.get(k), sealed, AAD))
                          .isEqualTo(plaintext);
                    }
                    return null;
                  }));
        }
        for (Future<?> task : tasks) {
          task.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  // ---------------------------------------------------------------- import

  @ParameterizedTest
  @EnumSource(
      value = WrappingAlgorithm.class,
      names = {
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256"
      })
  void importKeyMaterial_wrappedByTheCustomer_sealsAndOpens_andAReimportOpensItsCiphertexts(
      WrappingAlgorithm algorithm) {
    byte[] material = CustomerKeyWrapping.randomBytes(32);

    NewKeyVersion imported = importAsCustomer(algorithm, material);
    byte[] sealed = enclave.seal(importRef, imported.material(), PLAINTEXT, AAD);
    NewKeyVersion reimported = importAsCustomer(algorithm, material);

    assertThat(imported.material().bytes()[0]).isEqualTo((byte) 0x01);
    assertThat(imported.material().length()).isEqualTo(1 + 12 + 32 + 16);
    assertThat(imported.materialId()).matches("[0-9a-f]{64}");
    assertThat(enclave.open(importRef, imported.material(), sealed, AAD)).isEqualTo(PLAINTEXT);
    assertThat(reimported.materialId()).isEqualTo(imported.materialId());
    assertThat(reimported.material()).isNotEqualTo(imported.material()); // a fresh IV
    assertThat(enclave.open(importRef, reimported.material(), sealed, AAD)).isEqualTo(PLAINTEXT);
  }

  @Test
  void importKeyMaterial_sameMaterialWithAnotherAlgorithm_givesTheSameMaterialId() {
    byte[] material = CustomerKeyWrapping.randomBytes(32);

    NewKeyVersion viaOaep = importAsCustomer(WrappingAlgorithm.RSAES_OAEP_SHA_256, material);
    NewKeyVersion viaKeyWrap = importAsCustomer(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, material);

    assertThat(viaKeyWrap.materialId()).isEqualTo(viaOaep.materialId());
  }

  @Test
  void wrapKeyMaterial_givesTheImportsMaterialId_andOpensWhatTheImportSealed() {
    byte[] material = CustomerKeyWrapping.randomBytes(32);
    NewKeyVersion imported = importAsCustomer(WrappingAlgorithm.RSAES_OAEP_SHA_256, material);
    NewKeyVersion seeded =
        enclave.wrapKeyMaterial(
            importRef, dev.serverlesskms.core.model.KeySpec.SYMMETRIC_DEFAULT, material);
    byte[] sealed = enclave.seal(importRef, imported.material(), PLAINTEXT, AAD);

    assertThat(seeded.materialId()).isEqualTo(imported.materialId());
    assertThat(enclave.open(importRef, seeded.material(), sealed, AAD)).isEqualTo(PLAINTEXT);
  }

  @Test
  void wrapKeyMaterial_ofAnotherLength_isRefusedWithoutTheBytes() {
    byte[] material = CustomerKeyWrapping.randomBytes(16);
    assertThatThrownBy(
            () ->
                enclave.wrapKeyMaterial(
                    importRef, dev.serverlesskms.core.model.KeySpec.SYMMETRIC_DEFAULT, material))
        .isInstanceOf(dev.serverlesskms.core.port.ImportedMaterialException.class)
        .hasMessageContaining("16 bytes, not 32");
  }

  @Test
  void importKeyMaterial_ofDifferentMaterial_givesADifferentMaterialId() {
    NewKeyVersion first =
        importAsCustomer(WrappingAlgorithm.RSAES_OAEP_SHA_256, CustomerKeyWrapping.randomBytes(32));
    NewKeyVersion second =
        importAsCustomer(WrappingAlgorithm.RSAES_OAEP_SHA_256, CustomerKeyWrapping.randomBytes(32));
    byte[] sealed = enclave.seal(importRef, first.material(), PLAINTEXT, AAD);

    assertThat(second.materialId()).isNotEqualTo(first.materialId());
    assertThatThrownBy(() -> enclave.open(importRef, second.material(), sealed, AAD))
        .isInstanceOf(EnclaveAuthenticationException.class);
  }

  @Test
  void importKeyMaterial_untilValidTo_isAccepted_andAfterIt_isExpired() {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSAES_OAEP_SHA_256);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSAES_OAEP_SHA_256,
            parameters.publicKey(),
            CustomerKeyWrapping.randomBytes(32));

    NewKeyVersion atValidTo =
        enclave.importKeyMaterial(importRef, parameters.importToken(), encrypted, VALID_TO);

    assertThat(atValidTo.materialId()).matches("[0-9a-f]{64}");
    for (Instant late :
        new Instant[] {VALID_TO.plusNanos(1), VALID_TO.plus(Duration.ofDays(400))}) {
      assertThatThrownBy(
              () -> enclave.importKeyMaterial(importRef, parameters.importToken(), encrypted, late))
          .as("at %s", late)
          .isInstanceOfSatisfying(
              ImportTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(ImportTokenException.Reason.EXPIRED));
    }
  }

  @Test
  void importKeyMaterial_withATokenForAnotherKey_isInvalid() {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSAES_OAEP_SHA_256);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSAES_OAEP_SHA_256,
            parameters.publicKey(),
            CustomerKeyWrapping.randomBytes(32));
    KeyVersionRef otherKey = newRef(1);

    assertThatThrownBy(
            () ->
                enclave.importKeyMaterial(
                    otherKey, parameters.importToken(), encrypted, VALID_TO.minusSeconds(1)))
        .isInstanceOfSatisfying(ImportTokenException.class, e -> assertInvalid(e))
        .hasMessageContaining(otherKey.keyId().value());
  }

  @Test
  void importKeyMaterial_withATokenByteFlipped_isInvalid() {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
            parameters.publicKey(),
            CustomerKeyWrapping.randomBytes(32));
    byte[] token = parameters.importToken();

    // Every byte of the format byte, IV and first blocks, and of the tag; every 16th in between (a
    // PKCS#11 unwrap per position adds up).
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < token.length; i++) {
      if (i < 48 || i >= token.length - 16 || i % 16 == 0) {
        positions.add(i);
      }
    }
    for (int i : positions) {
      byte[] tampered = flipped(token, i);
      assertThatThrownBy(() -> enclave.importKeyMaterial(importRef, tampered, encrypted, VALID_TO))
          .as("byte %d flipped", i)
          .isInstanceOfSatisfying(ImportTokenException.class, e -> assertInvalid(e));
    }
  }

  @Test
  void importKeyMaterial_withATruncatedLengthenedOrEmptyToken_isInvalid() {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSAES_OAEP_SHA_1);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSAES_OAEP_SHA_1,
            parameters.publicKey(),
            CustomerKeyWrapping.randomBytes(32));
    byte[] token = parameters.importToken();

    for (int length : new int[] {0, 1, 2, 13, 29, 30, token.length - 1, token.length + 1, 6145}) {
      byte[] changed = Arrays.copyOf(token, length);
      assertThatThrownBy(() -> enclave.importKeyMaterial(importRef, changed, encrypted, VALID_TO))
          .as("%d bytes", length)
          .isInstanceOfSatisfying(ImportTokenException.class, e -> assertInvalid(e));
    }
  }

  @Test
  void importKeyMaterial_withATokenFromAnotherRootKey_isInvalid() {
    try (KeyVersionEnclave other = newEnclave(openOtherRootKey(), 4)) {
      ImportParameters foreign =
          other.createImportParameters(
              importRef.keyId(),
              WrappingKeySpec.RSA_2048,
              WrappingAlgorithm.RSAES_OAEP_SHA_256,
              VALID_TO);
      byte[] encrypted =
          CustomerKeyWrapping.wrap(
              WrappingAlgorithm.RSAES_OAEP_SHA_256,
              foreign.publicKey(),
              CustomerKeyWrapping.randomBytes(32));

      assertThat(other.importKeyMaterial(importRef, foreign.importToken(), encrypted, VALID_TO))
          .isNotNull();
      assertThatThrownBy(
              () ->
                  enclave.importKeyMaterial(importRef, foreign.importToken(), encrypted, VALID_TO))
          .isInstanceOfSatisfying(ImportTokenException.class, e -> assertInvalid(e));
    }
  }

  @Test
  void importKeyMaterial_withAWrappedKeyVersionOrRandomBytesAsToken_isInvalid() {
    byte[] wrappedVersion = enclave.generateKeyVersion(importRef).material().bytes();
    byte[] encrypted = CustomerKeyWrapping.randomBytes(256);

    for (byte[] token : List.of(wrappedVersion, CustomerKeyWrapping.randomBytes(1300))) {
      assertThatThrownBy(() -> enclave.importKeyMaterial(importRef, token, encrypted, VALID_TO))
          .isInstanceOfSatisfying(ImportTokenException.class, e -> assertInvalid(e));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = WrappingAlgorithm.class,
      names = {
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256"
      })
  void importKeyMaterial_withGarbageCiphertext_failsToUnwrap(WrappingAlgorithm algorithm) {
    byte[] token = importParameters(algorithm).importToken();

    for (int length : new int[] {1, 32, 255, 256, 257, 296, 6144}) {
      byte[] garbage = CustomerKeyWrapping.randomBytes(length);
      assertThatThrownBy(() -> enclave.importKeyMaterial(importRef, token, garbage, VALID_TO))
          .as("%d random bytes", length)
          .isInstanceOfSatisfying(
              ImportedMaterialException.class,
              e ->
                  assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.UNWRAP_FAILED));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = WrappingAlgorithm.class,
      names = {"RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_256"})
  void importKeyMaterial_wrappedWithMgf1Sha1_whereAwsUsesMgf1Sha256_failsToUnwrap(
      WrappingAlgorithm algorithm) {
    ImportParameters parameters = importParameters(algorithm);
    byte[] material = CustomerKeyWrapping.randomBytes(32);
    byte[] jdkDefault =
        algorithm == WrappingAlgorithm.RSAES_OAEP_SHA_256
            ? CustomerKeyWrapping.oaep(
                parameters.publicKey(), CustomerKeyWrapping.OAEP_SHA_256_MGF1_SHA_1, material)
            : CustomerKeyWrapping.rsaAesKeyWrap(
                parameters.publicKey(),
                CustomerKeyWrapping.OAEP_SHA_256_MGF1_SHA_1,
                CustomerKeyWrapping.randomBytes(32),
                material);

    assertThatThrownBy(
            () ->
                enclave.importKeyMaterial(
                    importRef, parameters.importToken(), jdkDefault, VALID_TO))
        .isInstanceOfSatisfying(
            ImportedMaterialException.class,
            e -> assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.UNWRAP_FAILED));
  }

  @Test
  void importKeyMaterial_withTheKeyWrapPartAltered_failsToUnwrap() {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1,
            parameters.publicKey(),
            CustomerKeyWrapping.randomBytes(32));

    for (byte[] altered :
        List.of(
            flipped(encrypted, 256),
            flipped(encrypted, encrypted.length - 1),
            Arrays.copyOf(encrypted, encrypted.length - 8),
            Arrays.copyOf(encrypted, encrypted.length + 8))) {
      assertThatThrownBy(
              () ->
                  enclave.importKeyMaterial(importRef, parameters.importToken(), altered, VALID_TO))
          .isInstanceOfSatisfying(
              ImportedMaterialException.class,
              e ->
                  assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.UNWRAP_FAILED));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = WrappingAlgorithm.class,
      names = {
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256"
      })
  void importKeyMaterial_of16Bytes_isTheWrongLength(WrappingAlgorithm algorithm) {
    byte[] material = CustomerKeyWrapping.randomBytes(16);

    assertThatThrownBy(() -> importAsCustomer(algorithm, material))
        .isInstanceOfSatisfying(
            ImportedMaterialException.class,
            e -> assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.WRONG_LENGTH))
        .hasMessageNotContaining(HexFormat.of().formatHex(material, 0, 4));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 31, 33, 64})
  void importKeyMaterial_ofAnyLengthBut32_isTheWrongLength(int length) {
    assertThatThrownBy(
            () ->
                importAsCustomer(
                    WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
                    CustomerKeyWrapping.randomBytes(length)))
        .isInstanceOfSatisfying(
            ImportedMaterialException.class,
            e -> assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.WRONG_LENGTH))
        .hasMessageContaining(length + " bytes");
  }

  @Test
  void importErrors_showNoTokenOrMaterialBytes() {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSAES_OAEP_SHA_256);
    byte[] material = CustomerKeyWrapping.randomBytes(32);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSAES_OAEP_SHA_256, parameters.publicKey(), material);
    byte[] tamperedToken = flipped(parameters.importToken(), 40);
    HexFormat hex = HexFormat.of();

    List<Throwable> errors =
        List.of(
            catchFailure(
                () -> enclave.importKeyMaterial(importRef, tamperedToken, encrypted, VALID_TO)),
            catchFailure(
                () ->
                    enclave.importKeyMaterial(
                        importRef, parameters.importToken(), flipped(encrypted, 9), VALID_TO)),
            catchFailure(
                () ->
                    enclave.importKeyMaterial(
                        importRef, parameters.importToken(), encrypted, VALID_TO.plusSeconds(1))));

    for (Throwable error : errors) {
      assertThat(error.getMessage())
          .doesNotContain(hex.formatHex(material, 0, 4))
          .doesNotContain(hex.formatHex(parameters.importToken(), 20, 24))
          .doesNotContain(hex.formatHex(encrypted, 0, 4));
      assertThat(error.toString()).doesNotContain(hex.formatHex(material, 0, 4));
      assertThat(error.getCause()).isNull();
    }
  }

  private static Throwable catchFailure(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  private static void assertInvalid(ImportTokenException e) {
    assertThat(e.reason()).isEqualTo(ImportTokenException.Reason.INVALID);
  }

  @Test
  void createImportParameters_givesAnRsa2048X509PublicKeyAndATokenWithinTheLimit() {
    List<BigInteger> moduli = new ArrayList<>();
    for (WrappingAlgorithm algorithm :
        List.of(
            WrappingAlgorithm.RSAES_OAEP_SHA_1,
            WrappingAlgorithm.RSAES_OAEP_SHA_256,
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1,
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256)) {
      ImportParameters parameters = importParameters(algorithm);
      RSAPublicKey publicKey = (RSAPublicKey) CustomerKeyWrapping.publicKey(parameters.publicKey());

      assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
      assertThat(publicKey.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
      assertThat(publicKey.getEncoded()).isEqualTo(parameters.publicKey());
      assertThat(parameters.parametersValidTo()).isEqualTo(VALID_TO);
      assertThat(parameters.importToken()[0]).isEqualTo((byte) 0x01);
      assertThat(parameters.importToken().length).isBetween(1200, 6144);
      moduli.add(publicKey.getModulus());
    }
    assertThat(moduli).doesNotHaveDuplicates();
  }

  @Test
  void createImportParameters_forRsa4096_givesA4096BitKeyAndATokenOf6144BytesAtMost_thatImports() {
    KeyVersionRef ref = newRef(1);
    ImportParameters parameters =
        enclave.createImportParameters(
            ref.keyId(),
            WrappingKeySpec.RSA_4096,
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
            VALID_TO);
    byte[] material = CustomerKeyWrapping.randomBytes(32);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, parameters.publicKey(), material);

    NewKeyVersion imported =
        enclave.importKeyMaterial(ref, parameters.importToken(), encrypted, VALID_TO);

    RSAPublicKey publicKey = (RSAPublicKey) CustomerKeyWrapping.publicKey(parameters.publicKey());
    assertThat(publicKey.getModulus().bitLength()).isEqualTo(4096);
    assertThat(parameters.importToken().length).isLessThanOrEqualTo(6144);
    assertThat(encrypted).hasSize(512 + 40);
    byte[] sealed = enclave.seal(ref, imported.material(), PLAINTEXT, AAD);
    assertThat(enclave.open(ref, imported.material(), sealed, AAD)).isEqualTo(PLAINTEXT);
  }

  @Test
  void createImportParameters_refusesSm2AndPkcs1V15() {
    KeyId keyId = KeyId.random();

    assertThatThrownBy(
            () ->
                enclave.createImportParameters(
                    keyId, WrappingKeySpec.SM2, WrappingAlgorithm.RSAES_OAEP_SHA_256, VALID_TO))
        .isInstanceOf(IllegalArgumentException.class);
    for (WrappingAlgorithm refused :
        List.of(WrappingAlgorithm.RSAES_PKCS1_V1_5, WrappingAlgorithm.SM2PKE)) {
      assertThatThrownBy(
              () ->
                  enclave.createImportParameters(
                      keyId, WrappingKeySpec.RSA_2048, refused, VALID_TO))
          .as("%s", refused)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void importedVersion_opensInARestartedEnclave() {
    byte[] material = CustomerKeyWrapping.randomBytes(32);
    NewKeyVersion imported = importAsCustomer(WrappingAlgorithm.RSAES_OAEP_SHA_1, material);
    byte[] sealed = enclave.seal(importRef, imported.material(), PLAINTEXT, AAD);

    try (KeyVersionEnclave restarted = newEnclave(openRootKey(), 4)) {
      assertThat(restarted.open(importRef, imported.material(), sealed, AAD)).isEqualTo(PLAINTEXT);
    }
  }

  @Test
  void importToken_opensInARestartedEnclave() {
    ImportParameters parameters = importParameters(WrappingAlgorithm.RSAES_OAEP_SHA_256);
    byte[] material = CustomerKeyWrapping.randomBytes(32);
    byte[] encrypted =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSAES_OAEP_SHA_256, parameters.publicKey(), material);
    String expectedId =
        importAsCustomer(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, material).materialId();

    try (KeyVersionEnclave restarted = newEnclave(openRootKey(), 4)) {
      assertThat(
              restarted
                  .importKeyMaterial(importRef, parameters.importToken(), encrypted, VALID_TO)
                  .materialId())
          .isEqualTo(expectedId);
    }
  }

  @Test
  void close_thenSeal_throwsIllegalState() {
    KeyVersionEnclave closing = newEnclave(openRootKey(), 2);
    KeyVersionRef ref = newRef(1);
    WrappedKey key = closing.generateKeyVersion(ref).material();

    closing.close();

    assertThatThrownBy(() -> closing.seal(ref, key, PLAINTEXT, AAD))
        .isInstanceOf(IllegalStateException.class);
  }
}

package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.Enclave.DataKey;
import dev.serverlesskms.core.port.Enclave.NewKeyVersion;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour of {@link KeyVersionEnclave} that must hold whatever the root key: each subclass runs
 * all of it against one kind of {@link RootKey} (software, PKCS#11).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyVersionEnclaveContract {
  static final byte[] AAD = "header||context".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PLAINTEXT = "attack at dawn".getBytes(StandardCharsets.US_ASCII);

  KeyVersionEnclave enclave;

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

    assertThatThrownBy(
            () -> enclave.open(ref, key, Arrays.copyOf(sealed, sealed.length + 1), AAD))
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
        .endsWith("/16 version keys]");
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

package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RootKeyFileTest {
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path directory;

  private Path keyFile() {
    return directory.resolve("keys/root.key");
  }

  /** Creates the file (with a first start) and returns its content. */
  private byte[] createdFile() throws Exception {
    RootKeyFile.openOrCreate(keyFile()).close();
    return Files.readAllBytes(keyFile());
  }

  @Test
  void firstStart_createsAnOwnerOnlyFileInAnOwnerOnlyDirectory() throws Exception {
    try (RootKey rootKey = RootKeyFile.openOrCreate(keyFile())) {
      assertThat(rootKey.id()).matches("[0-9a-f]{16}");
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void firstStart_writesTheDocumentedFormatAndNoTemporaryFiles() throws Exception {
    byte[] content = createdFile();

    assertThat(content).hasSize(57);
    assertThat(new String(content, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("SKMSROOT");
    assertThat(content[8]).isEqualTo((byte) 1);
    try (var files = Files.list(keyFile().getParent())) {
      assertThat(files).containsExactly(keyFile());
    }
  }

  @Test
  void restart_loadsTheSameKey() throws Exception {
    byte[] wrapped;
    String id;
    try (RootKey first = RootKeyFile.openOrCreate(keyFile())) {
      wrapped = first.wrap(TestRootKeys.bytes(9), AAD);
      id = first.id();
    }

    try (RootKey restarted = RootKeyFile.openOrCreate(keyFile())) {
      assertThat(restarted.id()).isEqualTo(id);
      assertThat(restarted.unwrap(wrapped, AAD)).isEqualTo(TestRootKeys.bytes(9));
    }
  }

  @Test
  void concurrentFirstStarts_allEndUpWithOneKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> ids = new ArrayList<>();
      Callable<String> start =
          () -> {
            try (RootKey rootKey = RootKeyFile.openOrCreate(keyFile())) {
              return rootKey.id();
            }
          };
      for (int i = 0; i < 8; i++) {
        ids.add(pool.submit(start));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> id : ids) {
        distinct.add(id.get());
      }
      assertThat(distinct).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 8, 9, 12, 40, 41, 50, 56})
  void damagedFile_anyByteFlipped_refusesToStart(int offset) throws Exception {
    byte[] content = createdFile();
    content[offset] ^= 0x01;
    Files.write(keyFile(), content);

    assertThatThrownBy(() -> RootKeyFile.openOrCreate(keyFile()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining(keyFile().toString());
  }

  @Test
  void corruptedKeyBytes_failTheCheckValue() throws Exception {
    byte[] content = createdFile();
    content[20] ^= 0x01;
    Files.write(keyFile(), content);

    assertThatThrownBy(() -> RootKeyFile.openOrCreate(keyFile()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("corrupted (check value mismatch)");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 9, 41, 56, 58, 100})
  void fileOfWrongSize_refusesToStart(int size) throws Exception {
    byte[] content = createdFile();
    byte[] resized = Arrays.copyOf(content, size);
    Files.write(keyFile(), resized);

    assertThatThrownBy(() -> RootKeyFile.openOrCreate(keyFile()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("has " + size + " bytes, expected 57");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw--w----", "rw-----w-", "rwx-----x"})
  void fileAccessibleToOthers_refusesToStart(String permissions) throws Exception {
    createdFile();
    Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString(permissions));

    assertThatThrownBy(() -> RootKeyFile.openOrCreate(keyFile()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("accessible to group or others");
  }

  @Test
  void ownerReadOnlyFile_isAccepted() throws Exception {
    createdFile();
    Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("r--------"));

    RootKeyFile.openOrCreate(keyFile()).close();
  }

  @Test
  void directoryInPlaceOfTheFile_refusesToStart() throws Exception {
    Files.createDirectories(keyFile());

    assertThatThrownBy(() -> RootKeyFile.openOrCreate(keyFile()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void fileWithoutMagic_refusesToStart() throws Exception {
    byte[] content = createdFile();
    System.arraycopy("NOTROOT!".getBytes(StandardCharsets.US_ASCII), 0, content, 0, 8);
    Files.write(keyFile(), content);

    assertThatThrownBy(() -> RootKeyFile.openOrCreate(keyFile())).hasMessageContaining("bad magic");
  }

  @Test
  void fileOfUnknownVersion_refusesToStart() throws Exception {
    byte[] content = createdFile();
    content[8] = 2;
    Files.write(keyFile(), content);

    assertThatThrownBy(() -> RootKeyFile.openOrCreate(keyFile()))
        .hasMessageContaining("unknown format version 2");
  }
}

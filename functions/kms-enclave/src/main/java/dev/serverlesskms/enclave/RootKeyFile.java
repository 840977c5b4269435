package dev.serverlesskms.enclave;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The software root key sealed in a local file (local mode). The file is created at first start and
 * read at every later one:
 *
 * <pre>
 * offset len  field
 * 0      8    magic "SKMSROOT" (ASCII)
 * 8      1    format version = 0x01
 * 9      32   root key
 * 41     16   check = HMAC-SHA256(key, "serverless-kms/root-key-file/check/v1")[0..16)
 * </pre>
 *
 * <p>Losing this key loses every key version wrapped under it, so the loader refuses to start on
 * anything doubtful instead of quietly creating a new key: a wrong size (truncated), wrong magic,
 * unknown version or failing check value (corrupted), or permissions that let anyone but the owner
 * access it. Creation is atomic and never exposes the key: the file is written in full to a
 * temporary file that is created owner-only (0600, never widened then narrowed by a chmod),
 * flushed, and hard-linked into place, which fails rather than replaces if another process got
 * there first.
 */
public final class RootKeyFile {
  private static final int FILE_BYTES = 57;
  private static final byte[] MAGIC = "SKMSROOT".getBytes(StandardCharsets.US_ASCII);
  private static final byte FORMAT_VERSION = 0x01;
  private static final int CHECK_BYTES = 16;
  private static final byte[] CHECK_LABEL =
      "serverless-kms/root-key-file/check/v1".getBytes(StandardCharsets.US_ASCII);
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private RootKeyFile() {}

  /**
   * Loads the root key from {@code path}, creating the file (and missing parent directories, 0700)
   * with a fresh random key if it does not exist.
   *
   * @throws EnclaveStartupException if the file cannot be created or read, is damaged, or is
   *     accessible to group or others
   */
  public static RootKey openOrCreate(Path path) {
    if (Files.notExists(path)) {
      create(path);
    }
    return load(path);
  }

  private static RootKey load(Path path) {
    byte[] content = null;
    try {
      requireOwnerOnlyRegularFile(path);
      content = Files.readAllBytes(path);
      return new SoftwareRootKey(KeyMaterial.takeOwnership(parse(content, path)));
    } catch (IOException e) {
      throw new EnclaveStartupException("cannot read the root key file " + path, e);
    } finally {
      if (content != null) {
        Arrays.fill(content, (byte) 0);
      }
    }
  }

  private static void requireOwnerOnlyRegularFile(Path path) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, PosixFileAttributes.class);
    } catch (UnsupportedOperationException e) {
      throw new EnclaveStartupException(
          "the root key file needs a POSIX file system to protect it: " + path);
    }
    if (!attributes.isRegularFile()) {
      throw new EnclaveStartupException("the root key file is not a regular file: " + path);
    }
    Set<PosixFilePermission> permissions = attributes.permissions();
    if (!Collections.disjoint(permissions, GROUP_OR_OTHERS)) {
      throw new EnclaveStartupException(
          "the root key file "
              + path
              + " is accessible to group or others ("
              + PosixFilePermissions.toString(permissions)
              + "); restrict it to its owner (chmod 600) after checking who may have read it");
    }
  }

  /**
   * @return the key (the caller owns it)
   */
  private static byte[] parse(byte[] content, Path path) {
    if (content.length != FILE_BYTES) {
      throw new EnclaveStartupException(
          "the root key file "
              + path
              + " has "
              + content.length
              + " bytes, expected "
              + FILE_BYTES
              + " (truncated, or not a root key file); restore it from backup");
    }
    if (!Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new EnclaveStartupException("not a root key file (bad magic): " + path);
    }
    if (content[MAGIC.length] != FORMAT_VERSION) {
      throw new EnclaveStartupException(
          "the root key file " + path + " has unknown format version " + content[MAGIC.length]);
    }
    int keyOffset = MAGIC.length + 1;
    byte[] key = Arrays.copyOfRange(content, keyOffset, keyOffset + AesGcm.KEY_BYTES);
    byte[] expected = checkValue(key);
    byte[] stored = Arrays.copyOfRange(content, keyOffset + AesGcm.KEY_BYTES, FILE_BYTES);
    if (!MessageDigest.isEqual(expected, stored)) {
      Arrays.fill(key, (byte) 0);
      throw new EnclaveStartupException(
          "the root key file "
              + path
              + " is corrupted (check value mismatch); restore it from backup");
    }
    return key;
  }

  private static byte[] checkValue(byte[] key) {
    return Arrays.copyOf(Digests.hmacSha256(key, CHECK_LABEL), CHECK_BYTES);
  }

  private static void create(Path path) {
    Path directory = path.toAbsolutePath().getParent();
    byte[] content = new byte[FILE_BYTES];
    Path temporary = null;
    try (KeyMaterial key = KeyMaterial.random(AesGcm.KEY_BYTES, new SecureRandom())) {
      Files.createDirectories(directory, OWNER_ONLY_DIRECTORY);
      ByteBuffer.wrap(content)
          .put(MAGIC)
          .put(FORMAT_VERSION)
          .put(key.bytes())
          .put(checkValue(key.bytes()));
      temporary = Files.createTempFile(directory, ".skms-root-", ".tmp", OWNER_ONLY_FILE);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.createLink(path, temporary);
      syncDirectory(directory);
    } catch (FileAlreadyExistsException e) {
      // Another process created it between our check and our link: use theirs.
    } catch (UnsupportedOperationException e) {
      throw new EnclaveStartupException(
          "the root key file needs a POSIX file system to protect it: " + path);
    } catch (IOException e) {
      throw new EnclaveStartupException("cannot create the root key file " + path, e);
    } finally {
      Arrays.fill(content, (byte) 0);
      deleteQuietly(temporary);
    }
  }

  /** Makes the new directory entry durable, so a crash cannot lose a key that is already in use. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // Not fatal: the leftover is owner-only, like the key file itself, in the same directory.
    }
  }
}

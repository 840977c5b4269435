package dev.serverlesskms.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the local data files readable by their owner only: the key store holds key policies and
 * wrapped key material, the audit log who did what. The permissions are set as the file is created
 * (no window in which another user could open it); an existing file keeps its own. On file systems
 * without POSIX permissions the platform defaults apply.
 */
final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /** Creates {@code file} (rw-------) and missing parent directories (rwx------) if absent. */
  static void createIfAbsent(Path file) throws IOException {
    createParents(file);
    try {
      Files.createFile(file, attributes(file, "rw-------"));
    } catch (FileAlreadyExistsException existing) {
      // keep the file and its permissions as they are
    }
  }

  /** Opens {@code file} for appending, creating it (rw-------) and its parents if absent. */
  static FileChannel openForAppend(Path file) throws IOException {
    createParents(file);
    return FileChannel.open(
        file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
        attributes(file, "rw-------"));
  }

  private static void createParents(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent, attributes(parent, "rwx------"));
    }
  }

  private static FileAttribute<?>[] attributes(Path path, String permissions) {
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }
}

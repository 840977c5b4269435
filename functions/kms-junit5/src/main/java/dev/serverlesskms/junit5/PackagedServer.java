package dev.serverlesskms.junit5;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The packaged local server (kms-functions' runner jar and its lib/ directory) that this module's
 * jar carries under {@value #PREFIX}. A class loader cannot load jars nested in a jar, so they are
 * extracted once to {@code ~/.cache/serverless-kms-junit5/<content hash>/}: a later JVM with the
 * same jar finds them there, and a changed server gets a directory of its own.
 */
final class PackagedServer {
  static final String PREFIX = "serverless-kms-server/";
  private static final String CACHE_PROPERTY = "serverless-kms.junit5.cache-dir";
  private static Path runnerJar;

  private PackagedServer() {}

  /** The extracted runner jar; its manifest's Class-Path names the jars in lib/ beside it. */
  static synchronized Path runnerJar() {
    if (runnerJar == null) {
      try {
        runnerJar = extract();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot extract the packaged Serverless KMS server", e);
      }
    }
    return runnerJar;
  }

  private static Path extract() throws IOException {
    URL marker = PackagedServer.class.getResource("/" + PREFIX + "lib");
    if (marker == null) {
      throw new IllegalStateException(
          "kms-junit5 carries no packaged server ("
              + PREFIX
              + " is missing): build it after kms-functions is packaged, e.g. "
              + "mvn install -pl functions/kms-junit5 -am");
    }
    List<Entry> entries =
        "jar".equals(marker.getProtocol()) ? jarEntries(marker) : directoryEntries(marker);
    Path cache =
        Path.of(
            System.getProperty(
                CACHE_PROPERTY,
                Path.of(System.getProperty("user.home"), ".cache", "serverless-kms-junit5")
                    .toString()));
    Path target = cache.resolve(contentHash(entries));
    if (!Files.isDirectory(target)) {
      // Written beside the target and moved into place whole, so that JVMs extracting at the
      // same time (parallel forks) never see half a directory.
      Files.createDirectories(cache);
      Path temporary = Files.createTempDirectory(cache, "extracting-");
      for (Entry entry : entries) {
        Path file = temporary.resolve(entry.name());
        Files.createDirectories(file.getParent());
        try (InputStream in = entry.open()) {
          Files.copy(in, file);
        }
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(temporary);
      } catch (IOException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
        deleteTree(temporary);
      }
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No runner jar in " + target));
    }
  }

  /** Entries of this module's jar: the central directory gives each one's size and CRC for free. */
  private static List<Entry> jarEntries(URL marker) throws IOException {
    JarURLConnection connection = (JarURLConnection) marker.openConnection();
    connection.setUseCaches(false);
    List<Entry> entries = new ArrayList<>();
    JarFile jar = new JarFile(connection.getJarFileURL().getPath());
    for (Enumeration<JarEntry> all = jar.entries(); all.hasMoreElements(); ) {
      JarEntry entry = all.nextElement();
      if (entry.isDirectory() || !entry.getName().startsWith(PREFIX)) {
        continue;
      }
      String name = entry.getName().substring(PREFIX.length());
      String fingerprint = entry.getSize() + ":" + entry.getCrc();
      entries.add(new Entry(name, fingerprint, () -> jar.getInputStream(entry)));
    }
    return entries;
  }

  /** In this repository's own build the resources are a directory (target/classes). */
  private static List<Entry> directoryEntries(URL marker) throws IOException {
    Path root;
    try {
      root = Path.of(marker.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(file).toString().replace('\\', '/');
        String fingerprint = Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
        entries.add(new Entry(name, fingerprint, () -> Files.newInputStream(file)));
      }
    }
    return entries;
  }

  private static String contentHash(List<Entry> entries) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      entries.stream()
          .sorted((a, b) -> a.name().compareTo(b.name()))
          .forEach(
              e ->
                  digest.update(
                      (e.name() + "\n" + e.fingerprint() + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing a test for.
    }
  }

  private interface Opener {
    InputStream open() throws IOException;
  }

  private record Entry(String name, String fingerprint, Opener opener) {
    InputStream open() throws IOException {
      return opener.open();
    }
  }
}

package dev.serverlesskms.functions.ric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The Runtime Interface Client as the image gets it: the three jars the {@code container-image}
 * profile copies into {@code target/ric/} (the RIC, aws-lambda-java-serialization, utils-lite),
 * taken here from the test class path, where Maven resolved the same test-scoped dependency. Taking
 * them from the class path rather than {@code target/ric/} means a plain {@code mvn verify} tests
 * them, with no profile.
 */
final class RuntimeInterfaceClientJars {
  static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /**
   * One class from each jar: keep in step with includeArtifactIds of the container-image profile.
   */
  private static final List<String> ONE_CLASS_PER_JAR =
      List.of(
          MAIN_CLASS,
          "com.amazonaws.services.lambda.runtime.serialization.util.ReflectUtil",
          "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

  /** The system property that makes the RIC load its JNI library from a given file. */
  static final String NATIVE_LIBRARY_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  private RuntimeInterfaceClientJars() {}

  /** Copies the jars into {@code dir} (created), as target/ric/ would hold them. */
  static Path copyInto(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String className : ONE_CLASS_PER_JAR) {
        Path jar = jarOf(className);
        Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the RIC jars into " + dir, e);
    }
  }

  /**
   * Unpacks the RIC's JNI library for this machine into {@code dir}. Left to itself the RIC unpacks
   * it to the fixed path /tmp/.libaws-lambda-jni.so, which two test runs on one machine (or another
   * user's leftover file) would fight over; in Lambda, /tmp is the function's own.
   */
  static Path unpackNativeLibrary(Path dir) {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String name =
        switch (arch) {
          case "amd64", "x86_64" -> "libaws-lambda-jni.linux-x86_64.so";
          case "aarch64", "arm64" -> "libaws-lambda-jni.linux-aarch_64.so";
          default -> throw new IllegalStateException("the RIC ships no JNI library for " + arch);
        };
    Path target = dir.resolve(name);
    try (JarFile jar = new JarFile(jarOf(MAIN_CLASS).toFile())) {
      ZipEntry entry = jar.getEntry("jni/" + name);
      if (entry == null) {
        throw new IllegalStateException("jni/" + name + " is missing from " + jar.getName());
      }
      Files.createDirectories(dir);
      try (InputStream in = jar.getInputStream(entry)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + name, e);
    }
  }

  private static Path jarOf(String className) {
    try {
      Class<?> type =
          Class.forName(className, false, RuntimeInterfaceClientJars.class.getClassLoader());
      Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(className + " is not loaded from a jar but from " + jar);
      }
      return jar;
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          className + " is not on the test class path: is the RIC a test dependency?", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

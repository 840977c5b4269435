package dev.serverlesskms.functions.ric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The container image of Dockerfile.jvm without Docker: its files copied under a local directory as
 * the COPY lines would copy them, and its command line with the image's absolute paths moved under
 * that directory. Copies rather than links, because a build running beside the test may rewrite
 * target/lib/ while the functions start, as nothing can rewrite a built image. The base image's JDK
 * is replaced by the JDK running the test; everything the Dockerfile itself decides (which files go
 * where, the class path, the JVM options, the main class, the handler) is taken as written.
 */
final class ContainerImage {
  private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path");

  private final DockerfileJvm dockerfile;
  private final Path root;

  private ContainerImage(DockerfileJvm dockerfile, Path root) {
    this.dockerfile = dockerfile;
    this.root = root;
  }

  /**
   * Lays the image out under {@code root}. A COPY source named in {@code replacedSources} is taken
   * from the given directory instead of the build context (for files a build profile writes that
   * this run did not).
   */
  static ContainerImage assemble(
      DockerfileJvm dockerfile, Path buildContext, Map<String, Path> replacedSources, Path root) {
    ContainerImage image = new ContainerImage(dockerfile, root);
    for (DockerfileJvm.Copy copy : dockerfile.copies()) {
      boolean intoDirectory = copy.destination().endsWith("/") || copy.sources().size() > 1;
      for (String source : copy.sources()) {
        Path local = replacedSources.getOrDefault(source, buildContext.resolve(source));
        for (Path match : expand(local, source)) {
          image.place(match, copy.destination(), intoDirectory);
        }
      }
    }
    createDirectories(image.inImage(dockerfile.workdir()));
    return image;
  }

  /**
   * The container's working directory, which the Runtime Interface Client takes as the function's
   * task root.
   */
  Path workdir() {
    return inImage(dockerfile.workdir());
  }

  /**
   * ENTRYPOINT + CMD, runnable here: {@code java} is this JDK's, class path entries point into the
   * laid-out image, and {@code extraJvmOptions} (test-only settings) come right after {@code java}.
   */
  List<String> command(Path javaBinary, List<String> extraJvmOptions) {
    List<String> written = dockerfile.command();
    if (written.isEmpty() || !(written.get(0).equals("java") || written.get(0).endsWith("/java"))) {
      throw new IllegalStateException(
          "the ENTRYPOINT should start the JVM with `java`: " + written);
    }
    List<String> command = new ArrayList<>();
    command.add(javaBinary.toString());
    command.addAll(extraJvmOptions);
    for (int i = 1; i < written.size(); i++) {
      String token = written.get(i);
      boolean isClassPath = CLASS_PATH_OPTIONS.contains(written.get(i - 1));
      command.add(isClassPath ? localClassPath(token) : token);
    }
    return command;
  }

  /** The image's ENV: the environment every container starts with, before Lambda adds its own. */
  Map<String, String> env() {
    return dockerfile.env();
  }

  /** The image's CMD: for a Lambda image, the handler. */
  List<String> cmd() {
    return dockerfile.cmd();
  }

  /** An absolute path of the image, as a path on this machine. */
  Path inImage(String imagePath) {
    if (!imagePath.startsWith("/")) {
      throw new IllegalStateException("expected an absolute path in the image: " + imagePath);
    }
    return root.resolve(imagePath.substring(1));
  }

  private String localClassPath(String imageClassPath) {
    return Stream.of(imageClassPath.split(":"))
        .map(entry -> inImage(entry).toString())
        .collect(Collectors.joining(":"));
  }

  /**
   * Docker's COPY rules: a directory's contents go into the destination; a file goes into it or
   * becomes it.
   */
  private void place(Path source, String destination, boolean intoDirectory) {
    Path target = inImage(destination);
    try {
      if (Files.isDirectory(source)) {
        createDirectories(target);
        try (Stream<Path> entries = Files.list(source)) {
          for (Path entry : (Iterable<Path>) entries::iterator) {
            copyTree(entry, target.resolve(entry.getFileName().toString()));
          }
        }
      } else if (intoDirectory) {
        createDirectories(target);
        copyTree(source, target.resolve(source.getFileName().toString()));
      } else {
        createDirectories(target.getParent());
        copyTree(source, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out " + source + " at " + destination, e);
    }
  }

  /**
   * The files a COPY source names: itself, or the matches of a {@code *} in its last segment (at
   * least one, as Docker requires).
   */
  private static List<Path> expand(Path source, String written) {
    String name = source.getFileName().toString();
    if (!name.contains("*")) {
      if (!Files.exists(source)) {
        throw new IllegalStateException(
            "COPY source " + written + " is missing (" + source + "): run `mvn package` first");
      }
      return List.of(source);
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
    try (Stream<Path> siblings = Files.list(source.getParent())) {
      List<Path> matches = siblings.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
      if (matches.isEmpty()) {
        throw new IllegalStateException(
            "COPY source " + written + " matches no file: run `mvn package` first");
      }
      return matches;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + source.getParent(), e);
    }
  }

  /** Copies a file, or a directory with everything in it; a later COPY overwrites, as in Docker. */
  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> tree = Files.walk(source)) {
      for (Path from : (Iterable<Path>) tree::iterator) {
        Path to = target.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}

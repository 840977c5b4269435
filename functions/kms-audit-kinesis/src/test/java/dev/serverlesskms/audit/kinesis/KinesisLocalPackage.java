package dev.serverlesskms.audit.kinesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the npm package {@code kinesis-local} (the Kinesis emulator the tests run against) in the
 * pinned version, and installs it if it is nowhere to be found.
 *
 * <p>Looked for, in order: {@code <repo root>/node_modules/kinesis-local} (where {@code .ci/run}
 * and {@code infra/kinesis-local/start.sh} install it), then npm's global folder ({@code npm i
 * -g}). If neither holds the pinned version, {@code npm install --no-save --prefix <repo root>
 * kinesis-local@<version>} puts it in the first place: the package has no dependencies and no
 * install scripts, {@code node_modules/} is git-ignored, and {@code --no-save} writes no {@code
 * package.json}. A machine without Node.js and npm fails here, with a message that says what to
 * install: the emulator tests never skip silently.
 *
 * <p>The repo root, the version and the log folder come from system properties the module's POM
 * sets ({@code kinesis-local.root}, {@code kinesis-local.version}, {@code kinesis-local.logs}).
 */
final class KinesisLocalPackage {
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final long NPM_TIMEOUT_SECONDS = 180;
  private static Path located;

  private KinesisLocalPackage() {}

  /** The package folder (holding {@code main.js}), installing the package first if needed. */
  static synchronized Path locate() {
    if (located == null) {
      located = find().orElseGet(KinesisLocalPackage::install);
    }
    return located;
  }

  /** Where the tests write the emulator's and npm's output. */
  static Path logs() throws IOException {
    return Files.createDirectories(
        Path.of(System.getProperty("kinesis-local.logs", "target/kinesis-local")));
  }

  static String version() {
    return System.getProperty("kinesis-local.version", "0.6.2");
  }

  private static Path repoRoot() {
    return Path.of(System.getProperty("kinesis-local.root", "../..")).toAbsolutePath().normalize();
  }

  private static Optional<Path> find() {
    Path local = repoRoot().resolve("node_modules").resolve("kinesis-local");
    if (hasPinnedVersion(local)) {
      return Optional.of(local);
    }
    return npmGlobalRoot()
        .map(root -> root.resolve("kinesis-local"))
        .filter(KinesisLocalPackage::hasPinnedVersion);
  }

  private static boolean hasPinnedVersion(Path dir) {
    try {
      if (!Files.isRegularFile(dir.resolve("main.js"))) {
        return false;
      }
      Matcher m = VERSION.matcher(Files.readString(dir.resolve("package.json")));
      return m.find() && m.group(1).equals(version());
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> npmGlobalRoot() {
    try {
      Process npm =
          new ProcessBuilder("npm", "root", "-g")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return npm.waitFor(30, TimeUnit.SECONDS) && npm.exitValue() == 0 && !out.isEmpty()
          ? Optional.of(Path.of(out))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Path install() {
    Path root = repoRoot();
    List<String> command =
        List.of(
            "npm",
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            root.toString(),
            "kinesis-local@" + version());
    String hint =
        "kinesis-local "
            + version()
            + " is not in "
            + root.resolve("node_modules")
            + " and could not be installed; install Node.js and npm, then run: "
            + String.join(" ", command);
    try {
      Path log = logs().resolve("npm-install.log");
      Process npm =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!npm.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        npm.destroyForcibly();
        throw new IllegalStateException(hint + " (npm timed out; see " + log + ")");
      }
      Path dir = root.resolve("node_modules").resolve("kinesis-local");
      if (npm.exitValue() != 0 || !hasPinnedVersion(dir)) {
        throw new IllegalStateException(
            hint + " (npm exited " + npm.exitValue() + "; see " + log + ")");
      }
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(hint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(hint, e);
    }
  }
}

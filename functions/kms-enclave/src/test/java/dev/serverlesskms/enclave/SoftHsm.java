package dev.serverlesskms.enclave;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The SoftHSM2 tokens of this test JVM, in the directory named by {@code SOFTHSM2_CONF} (set by the
 * surefire configuration in this module's pom, under target/softhsm), set up with the project's own
 * {@code infra/softhsm/cleanup.sh} and {@code init-token.sh} so that those scripts are tested too.
 *
 * <p>Fails (never skips) when SoftHSM2 is missing: CI installs it, and a silently skipped HSM test
 * would hide a broken PKCS#11 enclave.
 */
final class SoftHsm {
  /** The token most tests use. */
  static final String ENCLAVE_TOKEN = "enclave";

  /** A token that no test logs in to successfully (a PKCS#11 login is per process and token). */
  static final String LOGIN_TOKEN = "login";

  /** The token of the custom key store tests ({@code Pkcs11CustomKeyStoreHsmTest}). */
  static final String CKS_TOKEN = "cks";

  static final String USER_PIN = "1234-test";
  private static final String SO_PIN = "5678-test-so";
  private static SoftHsm instance;

  private final Path directory;
  private final Path scripts;
  private final Path library;
  private final Map<String, Long> slots;

  private SoftHsm(Path directory, Path scripts, Path library) {
    this.directory = directory;
    this.scripts = scripts;
    this.library = library;
    run("cleanup.sh", directory.toString());
    // libsofthsm2 reads its token directory once, when the first provider loads it: a token added
    // later stays invisible to this JVM (CKR_SLOT_ID_INVALID). So every token is created up front.
    this.slots =
        Map.of(
            ENCLAVE_TOKEN,
            initToken(ENCLAVE_TOKEN),
            LOGIN_TOKEN,
            initToken(LOGIN_TOKEN),
            CKS_TOKEN,
            initToken(CKS_TOKEN));
  }

  /** The fixture, replacing the previous run's tokens on first use. */
  static synchronized SoftHsm get() {
    if (instance == null) {
      String conf = System.getenv("SOFTHSM2_CONF");
      if (conf == null || !conf.endsWith("/softhsm2.conf")) {
        throw new IllegalStateException(
            "SOFTHSM2_CONF must name <dir>/softhsm2.conf for this JVM (libsofthsm2 reads it at"
                + " load): run the tests through Maven, whose surefire configuration sets it");
      }
      Path library =
          Path.of(System.getProperty("softhsm.library", "/usr/lib/softhsm/libsofthsm2.so"));
      if (!Files.isRegularFile(library)) {
        throw new IllegalStateException(
            "SoftHSM2 is not installed (no "
                + library
                + "). Install it: apt-get install -y softhsm2"
                + " opensc (or point -Dsofthsm.library at libsofthsm2)");
      }
      Path scripts = Path.of(System.getProperty("softhsm.scripts", "../../infra/softhsm"));
      instance = new SoftHsm(Path.of(conf).getParent(), scripts, library);
    }
    return instance;
  }

  Path library() {
    return library;
  }

  /**
   * The slot of a test token ({@link #ENCLAVE_TOKEN}, {@link #LOGIN_TOKEN}, {@link #CKS_TOKEN}).
   */
  long slot(String tokenLabel) {
    Long slot = slots.get(tokenLabel);
    if (slot == null) {
      throw new IllegalArgumentException("no test token " + tokenLabel);
    }
    return slot;
  }

  /** A config for a root key with a fresh, unique label in the token {@code tokenLabel}. */
  Pkcs11RootKeyConfig newKeyConfig(String tokenLabel, boolean createIfMissing) {
    return new Pkcs11RootKeyConfig(
        library, slot(tokenLabel), "root-" + UUID.randomUUID(), createIfMissing);
  }

  static char[] pin() {
    return USER_PIN.toCharArray();
  }

  private long initToken(String tokenLabel) {
    String output = run("init-token.sh", directory.toString(), tokenLabel);
    String expectedConf = "SOFTHSM2_CONF=" + directory.resolve("softhsm2.conf");
    if (!output.contains(expectedConf)) {
      throw new IllegalStateException(
          "init-token.sh wrote another conf than this JVM uses: " + output);
    }
    return output
        .lines()
        .filter(line -> line.startsWith("SOFTHSM2_SLOT="))
        .map(line -> Long.parseLong(line.substring("SOFTHSM2_SLOT=".length())))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("init-token.sh printed no slot: " + output));
  }

  /** Runs a tool with this fixture's environment; fails with its output if it exits non-zero. */
  String run(String... command) {
    List<String> line = new ArrayList<>(List.of(command));
    if (command[0].endsWith(".sh")) {
      line.set(0, scripts.resolve(command[0]).toString());
      line.add(0, "bash");
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
      builder.environment().put("SOFTHSM2_USER_PIN", USER_PIN);
      builder.environment().put("SOFTHSM2_SO_PIN", SO_PIN);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + line.get(0) + " (installed? apt-get install -y softhsm2 opensc)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + line, e);
    }
  }
}

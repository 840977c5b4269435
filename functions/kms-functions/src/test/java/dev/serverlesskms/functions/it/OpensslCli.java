package dev.serverlesskms.functions.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code openssl} command (OpenSSL 3; {@code .ci/run} installs it), for interop checks made by
 * a second, independent implementation: DER files in, DER or raw bytes out.
 */
final class OpensslCli {
  private final Path dir;
  private int files;

  /**
   * @param dir where the input and output files go (a test's temporary directory)
   */
  OpensslCli(Path dir) {
    this.dir = dir;
  }

  /** Writes {@code bytes} to a new file of the directory. */
  Path file(byte[] bytes) throws IOException {
    return Files.write(dir.resolve("in-" + (++files) + ".der"), bytes);
  }

  /** The public key (SubjectPublicKeyInfo DER) OpenSSL derives from a PKCS#8 DER private key. */
  byte[] publicKeyOf(byte[] pkcs8) throws IOException {
    return run(
        "pkey", "-inform", "DER", "-in", file(pkcs8).toString(), "-pubout", "-outform", "DER");
  }

  /** The raw ECDH secret of a PKCS#8 DER private key and a SubjectPublicKeyInfo DER peer key. */
  byte[] derive(byte[] pkcs8, byte[] peerSpki) throws IOException {
    return run(
        "pkeyutl",
        "-derive",
        "-inkey",
        file(pkcs8).toString(),
        "-keyform",
        "DER",
        "-peerkey",
        file(peerSpki).toString(),
        "-peerform",
        "DER");
  }

  private byte[] run(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Path out = dir.resolve("out-" + (++files));
    Path err = dir.resolve("err-" + files);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("openssl did not finish: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "openssl failed ("
              + process.exitValue()
              + "): "
              + command
              + "\n"
              + Files.readString(err));
    }
    return Files.readAllBytes(out);
  }
}

package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The sample events of the repository's {@code events/} folder and their placeholders (see
 * events/README.md).
 */
public final class SampleEvents {
  /** The key id placeholder of the sample events: AWS's documented example key id. */
  static final String EXAMPLE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  static final String EXAMPLE_CIPHERTEXT =
      "REPLACE+ME+with+the+CiphertextBlob+of+an+Encrypt+call+++";
  static final String EXAMPLE_IMPORT_TOKEN =
      "REPLACE+ME+with+the+ImportToken+from+GetParametersForImport+";
  static final String EXAMPLE_KEY_MATERIAL =
      "REPLACE+ME+with+the+EncryptedKeyMaterial+wrapped+with+the+PublicKey+";

  /**
   * The folder: the build names it (sample-events.dir); from an IDE, the module is the working
   * directory.
   */
  private static final Path FOLDER =
      Path.of(System.getProperty("sample-events.dir", "../../events"));

  private SampleEvents() {}

  /** Every event file of the folder, by name. */
  static List<String> files() {
    try (Stream<Path> entries = Files.list(FOLDER)) {
      List<String> files =
          entries
              .map(p -> p.getFileName().toString())
              .filter(name -> name.endsWith(".json"))
              .sorted()
              .toList();
      assertThat(files).as("sample events in %s", FOLDER.toAbsolutePath()).isNotEmpty();
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of {@code events/<file>}. */
  public static String read(String file) {
    try {
      return Files.readString(FOLDER.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the example key id of an event with a real one. */
  static String withKey(String event, String keyId) {
    assertThat(event).contains(EXAMPLE_KEY_ID);
    return event.replace(EXAMPLE_KEY_ID, keyId);
  }

  /** Replaces the ciphertext placeholder of an event with a real ciphertext. */
  static String withCiphertext(String event, SdkBytes ciphertext) {
    assertThat(event).contains(EXAMPLE_CIPHERTEXT);
    return event.replace(EXAMPLE_CIPHERTEXT, base64(ciphertext.asByteArray()));
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}

package dev.serverlesskms.functions.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Results of event-triggered encryption as JSON lines in a local file: the local-mode counterpart
 * of the Kinesis results stream. Results hold ciphertexts only, never plaintext.
 */
public final class JsonLinesResultSink implements EncryptionResultSink {
  private final Path file;
  private final ObjectMapper mapper;

  public JsonLinesResultSink(Path file, ObjectMapper mapper) {
    this.file = file;
    this.mapper = mapper;
  }

  @Override
  public synchronized void publish(EncryptionResult result) {
    try {
      byte[] line = (mapper.writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8);
      Files.write(
          file,
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an encryption result could not be written", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }
}

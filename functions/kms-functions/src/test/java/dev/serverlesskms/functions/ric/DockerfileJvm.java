package dev.serverlesskms.functions.ric;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The instructions of {@code src/main/docker/Dockerfile.jvm} that decide how the container runs:
 * WORKDIR, COPY, ENV, ENTRYPOINT and CMD. Read from the file itself, so the test runs what the
 * image runs rather than a copy of it that could drift. Instructions that only shape the build
 * (FROM, RUN, ARG...) are passed over; forms this reader does not model (ADD, COPY with flags,
 * shell-form commands) fail loudly, so a change there that the test could not follow is noticed.
 */
record DockerfileJvm(
    String workdir,
    List<Copy> copies,
    Map<String, String> env,
    List<String> entrypoint,
    List<String> cmd) {

  /**
   * A COPY line: sources relative to the build context (file names may hold a {@code *}), one
   * destination.
   */
  record Copy(List<String> sources, String destination) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BUILD_ONLY =
      Set.of(
          "FROM",
          "RUN",
          "ARG",
          "LABEL",
          "EXPOSE",
          "USER",
          "SHELL",
          "VOLUME",
          "HEALTHCHECK",
          "STOPSIGNAL",
          "ONBUILD",
          "MAINTAINER");

  static DockerfileJvm read(Path file) {
    String workdir = "/";
    List<Copy> copies = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    List<String> entrypoint = null;
    List<String> cmd = List.of();
    for (String line : logicalLines(file)) {
      String[] parts = line.split("\\s+", 2);
      String instruction = parts[0].toUpperCase(Locale.ROOT);
      String arguments = parts.length > 1 ? parts[1].trim() : "";
      switch (instruction) {
        case "WORKDIR" -> workdir = arguments;
        case "COPY" -> copies.add(copy(arguments, line));
        case "ENV" -> env.putAll(env(arguments, line));
        case "ENTRYPOINT" -> entrypoint = execForm(arguments, line);
        case "CMD" -> cmd = execForm(arguments, line);
        default -> {
          if (!BUILD_ONLY.contains(instruction)) {
            throw new IllegalStateException(
                file
                    + ": RuntimeInterfaceClientIT does not model `"
                    + line
                    + "`; teach DockerfileJvm it");
          }
        }
      }
    }
    if (entrypoint == null) {
      throw new IllegalStateException(file + " has no ENTRYPOINT");
    }
    return new DockerfileJvm(workdir, List.copyOf(copies), Map.copyOf(env), entrypoint, cmd);
  }

  /** ENTRYPOINT followed by CMD: the command the container starts with. */
  List<String> command() {
    List<String> command = new ArrayList<>(entrypoint);
    command.addAll(cmd);
    return command;
  }

  /**
   * The file's instructions, comments and blank lines dropped, backslash-continued lines joined.
   */
  private static List<String> logicalLines(Path file) {
    List<String> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : readLines(file)) {
      String line = raw.strip();
      if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      lines.add(pending.append(line).toString().strip());
      pending.setLength(0);
    }
    return lines;
  }

  private static Copy copy(String arguments, String line) {
    List<String> words = new ArrayList<>(Arrays.asList(arguments.split("\\s+")));
    if (words.stream().anyMatch(w -> w.startsWith("--")) || words.size() < 2) {
      throw new IllegalStateException("only `COPY <src>... <dest>` is modelled: " + line);
    }
    String destination = words.remove(words.size() - 1);
    return new Copy(List.copyOf(words), destination);
  }

  /**
   * {@code ENV K=V [K2=V2...]} with plain (unquoted) values; quotes and variable references are not
   * modelled.
   */
  private static Map<String, String> env(String arguments, String line) {
    if (arguments.contains("\"") || arguments.contains("'") || arguments.contains("$")) {
      throw new IllegalStateException("only unquoted `ENV KEY=value` is modelled: " + line);
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : arguments.split("\\s+")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalStateException("only `ENV KEY=value` is modelled: " + line);
      }
      pairs.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return pairs;
  }

  /**
   * A JSON array, as Docker's exec form: the only form that runs the program itself rather than
   * through /bin/sh.
   */
  private static List<String> execForm(String arguments, String line) {
    if (!arguments.startsWith("[")) {
      throw new IllegalStateException("use the exec (JSON array) form: " + line);
    }
    try {
      return List.copyOf(JSON.readValue(arguments, new TypeReference<List<String>>() {}));
    } catch (IOException e) {
      throw new IllegalStateException("not a JSON array of strings: " + line, e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

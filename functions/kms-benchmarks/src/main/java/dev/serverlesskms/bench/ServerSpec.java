package dev.serverlesskms.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to start one server under test: a command and environment in which {@code {port}} and {@code
 * {data}} stand for its loopback port and a data directory kept across its start-ups (so a key
 * created once is there at every later start).
 */
record ServerSpec(String name, List<String> command, Map<String, String> environment) {
  static final String THIS_KMS = "this KMS";

  /** This KMS from the packaged runner jar with the user's JVM options. */
  static ServerSpec thisKms(Path serverJar, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Dkms.data-dir={data}",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port={port}",
            "-jar",
            serverJar.toString()));
    return new ServerSpec(THIS_KMS, command, Map.of());
  }

  /**
   * This KMS as users start it, through ./kms-local (which reads jvm.options itself and execs
   * java).
   */
  static ServerSpec viaKmsLocal(Path script) {
    return new ServerSpec(
        THIS_KMS + " (./kms-local)",
        List.of(
            script.toString(),
            "-Dkms.data-dir={data}",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port={port}"),
        Map.of());
  }

  /** nsmithuk/local-kms (Go), configured by its environment variables. */
  static ServerSpec localKms(Path binary) {
    return new ServerSpec(
        "local-kms",
        List.of(binary.toString()),
        Map.of(
            "PORT",
            "{port}",
            "KMS_DATA_PATH",
            "{data}",
            "KMS_REGION",
            "us-east-1",
            "KMS_ACCOUNT_ID",
            "111122223333"));
  }

  /**
   * Any other endpoint, started by a shell command (exec'd, so the shell does not stay in between).
   */
  static ServerSpec compareCommand(String shellCommand) {
    return new ServerSpec(shellCommand, List.of("sh", "-c", "exec " + shellCommand), Map.of());
  }

  /** The command with its placeholders filled in. */
  List<String> commandFor(int port, Path data) {
    return command.stream().map(part -> fill(part, port, data)).toList();
  }

  Map<String, String> environmentFor(int port, Path data) {
    Map<String, String> filled = new java.util.TreeMap<>();
    environment.forEach((key, value) -> filled.put(key, fill(value, port, data)));
    return filled;
  }

  private static String fill(String template, int port, Path data) {
    return template.replace("{port}", Integer.toString(port)).replace("{data}", data.toString());
  }
}

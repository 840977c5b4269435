package dev.serverlesskms.bench;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Measures start-up as the time from just before the server process is started to the first
 * successful Encrypt (4 KB, ciphertext checked) of a key that already exists in the server's data
 * directory, so key creation is not timed. The client is built and its request path exercised
 * (against the closed port) before the process starts, so the SDK's own start-up is not timed
 * either. Polls every 5 ms; a refused connection is retried, any other error ends the probe.
 */
final class StartupProbe implements AutoCloseable {
  static final Duration LIMIT = Duration.ofSeconds(120);

  private final KmsClient client;
  private final SdkBytes plaintext = SdkBytes.fromByteArray(new byte[4096]);

  StartupProbe(int port) {
    this.client =
        LoopbackKmsClient.create(
            URI.create("http://127.0.0.1:" + port),
            ApacheHttpClient.builder().connectionTimeout(Duration.ofMillis(200)),
            Duration.ofSeconds(30));
    for (int i = 0;
        i < 20;
        i++) { // nothing listens yet: loads and compiles the client's request path
      tryEncrypt("warm-up");
    }
  }

  /** Creates a key on a running server (untimed preparation), waiting for it to answer. */
  String createKey(ServerProcess server) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      requireAlive(server);
      try {
        return client
            .createKey(r -> r.description("kms-benchmarks matrix start-up"))
            .keyMetadata()
            .keyId();
      } catch (SdkClientException e) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("the server did not answer within " + LIMIT.toSeconds() + " s");
  }

  /** Milliseconds from the process start to the first successful Encrypt with {@code keyId}. */
  long millisToFirstEncrypt(ServerProcess server, String keyId) throws InterruptedException {
    long deadline = server.startedNanos() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (tryEncrypt(keyId)) {
        return (System.nanoTime() - server.startedNanos()) / 1_000_000;
      }
      requireAlive(server);
      Thread.sleep(5);
    }
    throw new IllegalStateException("no successful Encrypt within " + LIMIT.toSeconds() + " s");
  }

  private boolean tryEncrypt(String keyId) {
    try {
      byte[] blob =
          client
              .encrypt(r -> r.keyId(keyId).plaintext(plaintext))
              .ciphertextBlob()
              .asByteArrayUnsafe();
      if (blob.length <= 4096) {
        throw new WrongResponseException("Encrypt returned no ciphertext");
      }
      return true;
    } catch (SdkClientException e) {
      return false; // not listening yet
    } catch (NotFoundException e) {
      if (keyId.equals("warm-up")) {
        return false;
      }
      throw new IllegalStateException(
          "the key created before start-up is gone: does the server keep its data?", e);
    }
  }

  private static void requireAlive(ServerProcess server) {
    if (!server.isAlive()) {
      throw new IllegalStateException("the server exited during start-up (see its log)");
    }
  }

  @Override
  public void close() {
    client.close();
  }
}

package dev.serverlesskms.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;

class KmsServerTest {

  @Test
  void twoServersRunSideBySideEachWithItsOwnKeysAndAreGoneAfterClose() {
    Path firstData;
    try (KmsServer first = KmsServer.start();
        KmsServer second = KmsServer.start()) {
      firstData = first.dataDirectory();
      assertThat(first.endpoint()).isNotEqualTo(second.endpoint());
      assertThat(first.endpoint().getHost()).isEqualTo("127.0.0.1");
      String keyId = first.client().createKey(b -> b.description("first")).keyMetadata().keyId();
      byte[] ciphertext =
          first
              .client()
              .encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("hello")))
              .ciphertextBlob()
              .asByteArray();
      assertThat(
              first
                  .client()
                  .decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)))
                  .plaintext()
                  .asUtf8String())
          .isEqualTo("hello");
      assertThat(second.client().listKeys().keys()).isEmpty();
      assertThat(firstData).isDirectory();
    }
    assertThat(Files.exists(firstData)).isFalse();
  }

  @Test
  void aStoppedServerNoLongerAnswers() {
    KmsServer server = KmsServer.start();
    try (KmsClient client =
        server.newClient(KmsServer.ACCESS_KEY_ID, KmsServer.SECRET_ACCESS_KEY)) {
      assertThat(client.listKeys().keys()).isEmpty();
      server.close();
      assertThatThrownBy(client::listKeys)
          .isInstanceOf(SdkClientException.class)
          .hasRootCauseInstanceOf(ConnectException.class);
    }
  }

  @Test
  void theServerDoesNotSeeTheTestClasspath() throws Exception {
    try (KmsServer server = KmsServer.start()) {
      ClassLoader serverLoader =
          Class.forName(
                  "io.quarkus.runner.ApplicationImpl",
                  false,
                  (ClassLoader) readField(server, "loader"))
              .getClassLoader();
      assertThat(serverLoader).isNotSameAs(KmsClient.class.getClassLoader());
      assertThatThrownBy(() -> Class.forName(KmsServerTest.class.getName(), false, serverLoader))
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  private static Object readField(Object target, String name) throws ReflectiveOperationException {
    var field = target.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(target);
  }
}

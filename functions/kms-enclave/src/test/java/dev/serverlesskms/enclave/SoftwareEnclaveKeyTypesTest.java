package dev.serverlesskms.enclave;

import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.testkit.EnclaveKeyTypesContract;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;

/** Every key type on the software root key. */
class SoftwareEnclaveKeyTypesTest extends EnclaveKeyTypesContract {
  private static final KeyVersionEnclave ENCLAVE =
      new KeyVersionEnclave(TestRootKeys.software(0x33), new SecureRandom(), 64);

  @Override
  protected Enclave enclave() {
    return ENCLAVE;
  }

  @AfterAll
  static void close() {
    ENCLAVE.close();
  }
}

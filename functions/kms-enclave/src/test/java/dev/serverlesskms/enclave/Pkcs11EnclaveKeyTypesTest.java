package dev.serverlesskms.enclave;

import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.testkit.EnclaveKeyTypesContract;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every key type on a non-extractable root key in a real SoftHSM2 token. */
class Pkcs11EnclaveKeyTypesTest extends EnclaveKeyTypesContract {
  private static KeyVersionEnclave enclave;

  @BeforeAll
  static void open() {
    Pkcs11RootKeyConfig config = SoftHsm.get().newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true);
    enclave =
        new KeyVersionEnclave(Pkcs11RootKey.open(config, SoftHsm.pin()), new SecureRandom(), 64);
  }

  @Override
  protected Enclave enclave() {
    return enclave;
  }

  @AfterAll
  static void close() {
    enclave.close();
  }
}

package dev.serverlesskms.testkit;

import dev.serverlesskms.core.port.Enclave;

/** The test enclave keeps the same promises for every key type as the real one. */
class TestEnclaveKeyTypesTest extends EnclaveKeyTypesContract {
  private static final TestEnclave ENCLAVE = new TestEnclave();

  @Override
  protected Enclave enclave() {
    return ENCLAVE;
  }
}

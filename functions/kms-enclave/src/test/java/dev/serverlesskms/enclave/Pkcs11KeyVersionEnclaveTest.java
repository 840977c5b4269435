package dev.serverlesskms.enclave;

/** The enclave contract on a non-extractable root key in a real SoftHSM2 token. */
class Pkcs11KeyVersionEnclaveTest extends KeyVersionEnclaveContract {
  private final Pkcs11RootKeyConfig rootKeyConfig =
      SoftHsm.get().newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true);
  private final Pkcs11RootKeyConfig otherKeyConfig =
      SoftHsm.get().newKeyConfig(SoftHsm.ENCLAVE_TOKEN, true);

  @Override
  RootKey openRootKey() {
    return Pkcs11RootKey.open(rootKeyConfig, SoftHsm.pin());
  }

  @Override
  RootKey openOtherRootKey() {
    return Pkcs11RootKey.open(otherKeyConfig, SoftHsm.pin());
  }
}

package dev.serverlesskms.core.model;

/**
 * RSA key sizes for the import wrapping key (GetParametersForImport), named exactly as on the wire.
 */
public enum WrappingKeySpec {
  RSA_2048(2048),
  RSA_3072(3072),
  RSA_4096(4096),
  SM2(0);

  private final int bits;

  WrappingKeySpec(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }
}

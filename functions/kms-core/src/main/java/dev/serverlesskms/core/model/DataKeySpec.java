package dev.serverlesskms.core.model;

/** Data key specs for GenerateDataKey, named exactly as on the wire. */
public enum DataKeySpec {
  AES_256(32),
  AES_128(16);

  private final int lengthBytes;

  DataKeySpec(int lengthBytes) {
    this.lengthBytes = lengthBytes;
  }

  public int lengthBytes() {
    return lengthBytes;
  }
}

package dev.serverlesskms.bench;

/** The operations the load generator sends, by their AWS KMS names. */
enum Operation {
  ENCRYPT("Encrypt"),
  DECRYPT("Decrypt"),
  GENERATE_DATA_KEY("GenerateDataKey"),
  /** ECDSA_SHA_256 over a RAW message with an ECC_NIST_P256 key. */
  SIGN("Sign"),
  /** HMAC_SHA_256 with an HMAC_256 key. */
  GENERATE_MAC("GenerateMac");

  final String awsName;

  Operation(String awsName) {
    this.awsName = awsName;
  }

  /**
   * By AWS name, ignoring case, dashes and underscores: {@code generate-data-key}, {@code
   * GenerateDataKey}.
   */
  static Operation parse(String name) {
    String wanted = name.replace("-", "").replace("_", "");
    for (Operation operation : values()) {
      if (operation.awsName.equalsIgnoreCase(wanted)) {
        return operation;
      }
    }
    throw new IllegalArgumentException(
        "unknown operation '" + name + "' (Encrypt, Decrypt, GenerateDataKey, Sign, GenerateMac)");
  }
}

package dev.serverlesskms.bench;

/** The operations the load generator sends, by their AWS KMS names. */
enum Operation {
  ENCRYPT("Encrypt"),
  DECRYPT("Decrypt"),
  GENERATE_DATA_KEY("GenerateDataKey");

  final String awsName;

  Operation(String awsName) {
    this.awsName = awsName;
  }

  /** By AWS name, ignoring case, dashes and underscores: {@code generate-data-key}, {@code GenerateDataKey}. */
  static Operation parse(String name) {
    String wanted = name.replace("-", "").replace("_", "");
    for (Operation operation : values()) {
      if (operation.awsName.equalsIgnoreCase(wanted)) {
        return operation;
      }
    }
    throw new IllegalArgumentException("unknown operation '" + name + "' (Encrypt, Decrypt, GenerateDataKey)");
  }
}

package dev.serverlesskms.functions.secrets;

import dev.serverlesskms.enclave.EnclaveStartupException;
import dev.serverlesskms.enclave.RootKey;
import dev.serverlesskms.enclave.RootKeySecret;
import java.util.Arrays;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The enclave's two secrets, read from AWS Secrets Manager at a function's init: the software root
 * key and the PKCS#11 PIN. Formats (docs/deploy-secrets.md):
 *
 * <ul>
 *   <li>root key: base64 of 32 bytes as the SecretString ({@code openssl rand -base64 32}), or the
 *       32 bytes themselves as the SecretBinary;
 *   <li>PIN: the PIN as the SecretString (surrounding whitespace, e.g. a file's final newline, is
 *       ignored).
 * </ul>
 *
 * A secret that is missing, unreadable or in another format fails with a {@link
 * SecretLoadException} whose message never contains the value.
 */
public final class EnclaveSecrets {
  private static final int ROOT_KEY_BYTES = 32;
  private static final String ROOT_KEY_FORMAT =
      "Store base64 of 32 random bytes as its SecretString (openssl rand -base64 32), "
          + "or the 32 bytes as its SecretBinary";

  private final SecretFetcher fetcher;

  public EnclaveSecrets(SecretsManagerClient client) {
    this.fetcher = new SecretFetcher(client);
  }

  /** The software enclave's root key from secret {@code arn}. */
  public RootKey rootKey(SecretArn arn) {
    GetSecretValueResponse secret = fetcher.fetch(arn);
    if (secret.secretString() != null) {
      return decodeRootKey(arn, secret.secretString(), "its SecretString");
    }
    SdkBytes binary = secret.secretBinary();
    if (binary == null) {
      throw new SecretLoadException("secret " + arn + " has no value");
    }
    byte[] bytes = binary.asByteArray();
    try {
      if (bytes.length != ROOT_KEY_BYTES) {
        throw new SecretLoadException(
            "secret "
                + arn
                + " does not hold a root key: its SecretBinary has "
                + bytes.length
                + " bytes, not "
                + ROOT_KEY_BYTES
                + ". "
                + ROOT_KEY_FORMAT);
      }
      return decodeRootKey(arn, Base64.getEncoder().encodeToString(bytes), "its SecretBinary");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The PKCS#11 user PIN from secret {@code arn}; the caller wipes the array after use. */
  public char[] pin(SecretArn arn) {
    GetSecretValueResponse secret = fetcher.fetch(arn);
    if (secret.secretString() == null) {
      throw new SecretLoadException(
          "secret "
              + arn
              + " does not hold a PIN: store the PIN as its SecretString, not as SecretBinary");
    }
    String pin = secret.secretString().strip();
    if (pin.isEmpty()) {
      throw new SecretLoadException("secret " + arn + " does not hold a PIN: it is empty");
    }
    return pin.toCharArray();
  }

  private static RootKey decodeRootKey(SecretArn arn, String base64, String where) {
    try {
      return RootKeySecret.decode(base64);
    } catch (EnclaveStartupException e) {
      // RootKeySecret's messages never repeat the value; its cause is not kept, as a decoder's
      // message can quote a character of it.
      throw new SecretLoadException(
          "secret "
              + arn
              + " does not hold a root key in "
              + where
              + " ("
              + e.getMessage()
              + "). "
              + ROOT_KEY_FORMAT);
    }
  }
}

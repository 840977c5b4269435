package dev.serverlesskms.functions.secrets;

import dev.serverlesskms.functions.principals.Principal;
import dev.serverlesskms.functions.principals.PrincipalsDocument;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The principals document of a deployment, read from a Secrets Manager secret (its SecretString):
 * the principals file's shape without access keys (docs/authorization.md, "Principals"). Each
 * {@link #read} is one GetSecretValue.
 */
public final class PrincipalsSecret implements Supplier<List<Principal>>, AutoCloseable {
  private final SecretsManagerClient client;
  private final SecretFetcher fetcher;
  private final SecretArn arn;

  /**
   * @param client the client, which this closes when closed
   */
  public PrincipalsSecret(SecretsManagerClient client, SecretArn arn) {
    this.client = client;
    this.fetcher = new SecretFetcher(client);
    this.arn = arn;
  }

  @Override
  public List<Principal> get() {
    return read();
  }

  /**
   * @throws SecretLoadException if the secret cannot be read or holds no SecretString
   * @throws IllegalStateException if the document is malformed, naming the entry and the problem
   */
  public List<Principal> read() {
    GetSecretValueResponse secret = fetcher.fetch(arn);
    if (secret.secretString() == null) {
      throw new SecretLoadException(
          "secret "
              + arn
              + " does not hold a principals document: store the JSON document as its"
              + " SecretString, not as SecretBinary");
    }
    return PrincipalsDocument.parse(
        secret.secretString(), PrincipalsDocument.Keys.FORBIDDEN, "principals document " + arn);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "principals document " + arn;
  }
}

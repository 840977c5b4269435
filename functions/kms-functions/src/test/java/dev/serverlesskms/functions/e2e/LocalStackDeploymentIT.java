package dev.serverlesskms.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.serverlesskms.functions.secrets.SecretsManagerClients;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The whole deployment, end to end: sam-template.yaml deployed to LocalStack by CloudFormation (SAM
 * transform) with target/function.zip as every function's code, then driven with the AWS SDK's
 * KmsClient through the stack's HTTP API, as a user would after {@code sam deploy}.
 *
 * <p>Runs only where a Docker engine is reachable and {@code LOCALSTACK_AUTH_TOKEN} is set
 * (LocalStack needs a licence token); skipped otherwise. Both are checked before a container is
 * made. Run it with
 *
 * <pre>
 *   LOCALSTACK_AUTH_TOKEN=... mvn -B verify -pl functions/kms-functions -Dit.test=LocalStackDeploymentIT \
 *       -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * ({@code LOCALSTACK_IMAGE} picks another image than {@value #DEFAULT_IMAGE}.) The JVM build is
 * deployed (BuildVariant=jvm): the native one cannot be built on every machine.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class LocalStackDeploymentIT {
  private static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
  private static final String DEFAULT_IMAGE = "localstack/localstack-pro:latest";
  private static final Duration LOCALSTACK_START = Duration.ofMinutes(5);
  private static final Duration STACK_CREATE = Duration.ofMinutes(15);
  private static final Duration STACK_DELETE = Duration.ofMinutes(10);
  private static final byte FORMAT_V1 = 0x01;

  private String token;

  /** Checked per test, not per class, so the build reports the test as skipped, with the reason. */
  @BeforeEach
  void requireDockerAndALocalStackToken() {
    token = System.getenv(TOKEN_VARIABLE);
    assumeTrue(
        token != null && !token.isBlank(),
        TOKEN_VARIABLE
            + " is not set: LocalStack needs a licence token (and this test a Docker engine); "
            + "set it to deploy sam-template.yaml to LocalStack");
    assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine is reachable: Testcontainers needs one to run LocalStack");
  }

  @Test
  void deploysTheTemplateAndServesKmsThroughItsHttpApi() throws Exception {
    Path module = moduleDirectory();
    Path functionZip = module.resolve("target/function.zip");
    Path template = module.getParent().getParent().resolve("sam-template.yaml");
    assertThat(functionZip).as("run `mvn package` first").isRegularFile();
    assertThat(template).isRegularFile();

    try (LocalStackContainer localstack = startLocalStack()) {
      deployAndDrive(localstack, functionZip, template);
    }
  }

  private LocalStackContainer startLocalStack() {
    String image = System.getenv().getOrDefault("LOCALSTACK_IMAGE", DEFAULT_IMAGE);
    LocalStackContainer localstack =
        new LocalStackContainer(DockerImageName.parse(image))
            .withEnv(TOKEN_VARIABLE, token)
            // The first invocation of a function waits for LocalStack to pull and start the java21
            // runtime image.
            .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "180")
            .withStartupTimeout(LOCALSTACK_START);
    try {
      localstack.start();
      return localstack;
    } catch (RuntimeException e) {
      localstack.close();
      throw e;
    }
  }

  private static void deployAndDrive(
      LocalStackContainer localstack, Path functionZip, Path template) {
    Region region = Region.of(localstack.getRegion());
    AwsCredentialsProvider credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
    String bucket = "serverless-kms-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 =
            S3Client.builder()
                .endpointOverride(localstack.getEndpoint())
                .forcePathStyle(true)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        CloudFormationClient cloudFormation =
            CloudFormationClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      s3.createBucket(r -> r.bucket(bucket));
      s3.putObject(r -> r.bucket(bucket).key("function.zip"), RequestBody.fromFile(functionZip));
      String rootKeySecretArn = createRootKeySecret(localstack, credentials);

      CloudFormationStack stack =
          CloudFormationStack.create(
              cloudFormation,
              "serverless-kms-e2e",
              SamTemplate.withCodeIn(template, bucket, "function.zip"),
              Map.of(
                  "BuildVariant",
                  "jvm",
                  "EnclaveKind",
                  "software",
                  "EnclaveSecretArn",
                  rootKeySecretArn));
      Throwable failure = null;
      try {
        stack.awaitCreated(STACK_CREATE);
        String output = stack.outputs().get("KmsApiEndpoint");
        assertThat(output).as("the stack's KmsApiEndpoint output").isNotBlank();
        URI httpApi =
            LocalStackEndpoints.httpApi(URI.create(output), localstack.getEndpoint().getPort());
        try (KmsClient kms = HttpApiKmsClient.create(httpApi, region, credentials)) {
          roundTrip(kms);
        }
      } catch (Throwable t) {
        failure = t;
        throw t;
      } finally {
        deleteKeepingTheFirstFailure(stack, failure);
      }
    }
  }

  /** CreateKey, Encrypt, Decrypt: the three calls every KMS user makes first. */
  private static void roundTrip(KmsClient kms) {
    KeyMetadata key =
        kms.createKey(r -> r.description("made by LocalStackDeploymentIT")).keyMetadata();
    assertThat(key.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(key.arn()).endsWith(":key/" + key.keyId());

    SdkBytes plaintext = SdkBytes.fromUtf8String("hello through API Gateway");
    EncryptResponse encrypted = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(plaintext));
    assertThat(encrypted.keyId()).isEqualTo(key.arn());
    byte[] blob = encrypted.ciphertextBlob().asByteArray();
    assertThat(blob[0]).as("format version byte").isEqualTo(FORMAT_V1);
    assertThat(Arrays.copyOfRange(blob, 1, 17))
        .as("the key id's 16 bytes")
        .isEqualTo(uuidBytes(key.keyId()));

    DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob()));
    assertThat(decrypted.plaintext()).isEqualTo(plaintext);
    assertThat(decrypted.keyId()).isEqualTo(key.arn());
  }

  /**
   * Deletes the stack; a deletion failure is reported, but never hides the failure that came before
   * it.
   */
  private static void deleteKeepingTheFirstFailure(CloudFormationStack stack, Throwable earlier) {
    try {
      stack.delete(STACK_DELETE);
    } catch (RuntimeException | AssertionError deletion) {
      if (earlier == null) {
        throw deletion;
      }
      earlier.addSuppressed(deletion);
    }
  }

  /** The root key as the template expects it: a Secrets Manager secret, passed by its ARN. */
  private static String createRootKeySecret(
      LocalStackContainer localstack, AwsCredentialsProvider credentials) {
    try (SecretsManagerClient secrets =
        SecretsManagerClients.create(
            localstack.getRegion(), credentials, Optional.of(localstack.getEndpoint()))) {
      return secrets
          .createSecret(r -> r.name("serverless-kms-e2e/root-key").secretString(randomRootKey()))
          .arn();
    }
  }

  private static String randomRootKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static byte[] uuidBytes(String uuid) {
    UUID id = UUID.fromString(uuid);
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  /**
   * functions/kms-functions, from the runner jar the failsafe configuration names (or the working
   * directory).
   */
  private static Path moduleDirectory() {
    String runner = System.getProperty("kms.test.server-jar");
    Path module =
        runner == null
            ? Path.of("").toAbsolutePath()
            : Path.of(runner).toAbsolutePath().getParent().getParent();
    assertThat(Files.isRegularFile(module.resolve("pom.xml")))
        .as("module directory " + module)
        .isTrue();
    return module;
  }
}

package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.CreateAliasRequest;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.CreateKeyResponse;
import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.StoreConflictException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * AWS managed keys: {@code alias/aws/<service>} names the key an AWS service uses in the account
 * when no other key is defined. AWS predefines these aliases in every account, without a key
 * (ListAliases shows them without {@code TargetKeyId}), and creates the key on first use:
 * DescribeKey of a predefined alias "creates an AWS managed key, associates the alias with it, and
 * returns it" (AWS's DescribeKey documentation), as a service's first request does.
 *
 * <p>Here, every operation that accepts an alias creates the key when it resolves a predefined
 * alias that has none yet, for a caller of this KMS's account. The predefined aliases are the
 * services of {@link #SERVICES} (the list LocalStack and moto predefine); another {@code
 * alias/aws/...} name is an alias like any other, not found until it exists, as AWS answers a
 * service that does not exist. An AWS managed key is a symmetric key with {@link KeyManager#AWS},
 * AWS's fixed two-statement policy for its service ({@link #policy}), automatic rotation every
 * year, and AWS's description; nobody may change its policy, state, rotation or tags ({@link
 * KmsKey#requireCustomerManaged}), and nobody may create, retarget or delete an {@code alias/aws/}
 * alias ({@link AliasNames}).
 *
 * <p>The key's id is derived from the account, region and service, so concurrent first uses (two
 * processes, two Lambdas) create the same key and the same alias: the one that loses the store's
 * race finds them made, and a first use cut off between the two writes is completed by the next.
 * Both writes commit their audit records (CreateKey, CreateAlias) with them.
 */
final class AwsManagedKeys {
  /** An AWS service with an AWS managed key. */
  record Service(
      String alias,
      String displayName,
      String viaServicePrefix,
      String protects,
      boolean usesGrants,
      int policyVersion) {
    String aliasName() {
      return PREFIX + alias;
    }
  }

  static final String PREFIX = "alias/aws/";

  /**
   * The predefined aliases, by name. The texts are AWS's where they are on record (the policy Ids
   * {@code auto-s3-2}, {@code auto-ebs-2}, {@code auto-secretsmanager-2}; the descriptions "Default
   * key that protects my S3 objects / EBS volumes / RDS database volumes / ... when no other key is
   * defined"); the rest follow the same pattern.
   */
  static final List<Service> SERVICES =
      List.of(
          new Service("acm", "ACM", "acm", "ACM private keys", false, 1),
          new Service("dynamodb", "Amazon DynamoDB", "dynamodb", "DynamoDB data", true, 1),
          new Service("ebs", "EBS", "ec2", "EBS volumes", true, 2),
          new Service("elasticfilesystem", "EFS", "elasticfilesystem", "EFS filesystems", true, 1),
          new Service("es", "OpenSearch", "es", "OpenSearch data", true, 1),
          new Service("glue", "Glue", "glue", "Glue data", false, 1),
          new Service(
              "kinesisvideo",
              "Kinesis Video Streams",
              "kinesisvideo",
              "Kinesis Video Streams data",
              false,
              1),
          new Service("lambda", "Lambda", "lambda", "Lambda functions", true, 1),
          new Service("rds", "RDS", "rds", "RDS database volumes", true, 1),
          new Service("redshift", "Redshift", "redshift", "Redshift data", true, 1),
          new Service("s3", "S3", "s3", "S3 objects", false, 2),
          new Service(
              "secretsmanager",
              "AWS Secrets Manager",
              "secretsmanager",
              "Secrets Manager data",
              true,
              2),
          new Service("ssm", "SSM", "ssm", "SSM parameters", false, 1),
          new Service("xray", "X-Ray", "xray", "X-Ray data", false, 1));

  private final KmsEnvironment env;
  private final boolean createOnFirstUse;

  /**
   * @param createOnFirstUse whether first uses create keys here; off where the store is read-only
   *     (the data-plane Lambdas), which then answer as for an alias that does not exist yet
   */
  AwsManagedKeys(KmsEnvironment env, boolean createOnFirstUse) {
    this.env = env;
    this.createOnFirstUse = createOnFirstUse;
  }

  /** The service a predefined alias name is for, if it is one. */
  static Optional<Service> service(String aliasName) {
    return SERVICES.stream().filter(s -> s.aliasName().equals(aliasName)).findFirst();
  }

  /**
   * The AWS managed key of a predefined alias that has no key yet, created now for the request's
   * caller (its first use), with the alias.
   *
   * @return the key the alias names once created; empty when the name is no predefined alias, the
   *     caller is of another account, or this KMS does not create keys on first use
   */
  Optional<KeyId> createOnFirstUse(String aliasName, OperationContext context) {
    Optional<Service> service = service(aliasName);
    if (!createOnFirstUse
        || service.isEmpty()
        || !env.location().accountId().equals(context.request().caller().accountId())) {
      return Optional.empty();
    }
    KeyId keyId = keyIdOf(env.location(), service.get());
    if (env.store().find(keyId).isEmpty()) {
      createKey(keyId, service.get(), context);
    }
    createAlias(aliasName, keyId, context);
    return env.store().findAlias(aliasName).map(Alias::targetKeyId);
  }

  private void createKey(KeyId keyId, Service service, OperationContext context) {
    Enclave.NewKeyVersion material = env.enclave().generateKeyVersion(new KeyVersionRef(keyId, 1));
    KmsKey key =
        KmsKey.builder()
            .keyId(keyId)
            .arn(env.location().keyArn(keyId))
            .creationDate(context.now())
            .description(description(service))
            .keySpec(KeySpec.SYMMETRIC_DEFAULT)
            .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
            .origin(Origin.AWS_KMS)
            .state(KeyState.ENABLED)
            .policy(policy(service, env.location()))
            .keyManager(KeyManager.AWS)
            .rotation(
                new RotationSchedule(
                    true,
                    RotationSchedule.DEFAULT_PERIOD_DAYS,
                    context.now().plus(Duration.ofDays(RotationSchedule.DEFAULT_PERIOD_DAYS)),
                    null,
                    0))
            .versions(
                List.of(
                    new KeyVersion(
                        1, material.materialId(), material.material(), context.now(), null)))
            .build();
    OutboxRecord record =
        context.sideRecord(
            "CreateKey",
            new CreateKeyRequest(
                null,
                key.description(),
                KeyUsage.ENCRYPT_DECRYPT,
                null,
                KeySpec.SYMMETRIC_DEFAULT,
                Origin.AWS_KMS,
                null,
                null,
                null,
                false,
                null),
            new CreateKeyResponse(KeyMetadataMapper.toMetadata(key, env.location())),
            List.of(key.arn()));
    try {
      env.store().create(key, record);
      context.sideCommitted(record);
    } catch (StoreConflictException e) {
      // Another first use created it: the same key, its id being the service's.
    }
  }

  private void createAlias(String aliasName, KeyId keyId, OperationContext context) {
    OutboxRecord record =
        context.sideRecord(
            "CreateAlias",
            new CreateAliasRequest(aliasName, keyId.value()),
            EmptyResponse.INSTANCE,
            List.of(env.location().keyArn(keyId)));
    try {
      env.store().createAlias(new Alias(aliasName, keyId, context.now(), context.now()), record);
      context.sideCommitted(record);
    } catch (StoreConflictException e) {
      // Another first use created it.
    }
  }

  /**
   * The id of a service's AWS managed key in this account and region: a name-based UUID, so every
   * process that creates it creates the same key.
   */
  static KeyId keyIdOf(KmsLocation location, Service service) {
    String name = "aws-managed-key:" + location.arnPrefix() + service.alias();
    return new KeyId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
  }

  /** AWS's description of a service's AWS managed key. */
  static String description(Service service) {
    return "Default key that protects my " + service.protects() + " when no other key is defined";
  }

  /**
   * AWS's policy of a service's AWS managed key: the account's principals may use the key through
   * the service (kms:ViaService) when the service calls for them (kms:CallerAccount), and the
   * account may read the key's metadata directly (and revoke the grants of services that make
   * grants). Nothing allows changing the key, its policy or its grants otherwise.
   */
  static String policy(Service service, KmsLocation location) {
    String account = location.accountId();
    String use =
        service.usesGrants()
            ? "[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\","
                + "\"kms:CreateGrant\",\"kms:DescribeKey\"]"
            : "[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\","
                + "\"kms:DescribeKey\"]";
    String metadata =
        service.usesGrants()
            ? "[\"kms:Describe*\",\"kms:Get*\",\"kms:List*\",\"kms:RevokeGrant\"]"
            : "[\"kms:Describe*\",\"kms:Get*\",\"kms:List*\"]";
    return "{\"Version\":\"2012-10-17\",\"Id\":\"auto-"
        + service.alias()
        + "-"
        + service.policyVersion()
        + "\",\"Statement\":[{\"Sid\":\"Allow access through "
        + service.displayName()
        + " for all principals in the account that are authorized to use "
        + service.displayName()
        + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":"
        + use
        + ",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\""
        + service.viaServicePrefix()
        + "."
        + location.region()
        + ".amazonaws.com\",\"kms:CallerAccount\":\""
        + account
        + "\"}}},{\"Sid\":\"Allow direct access to key metadata to the account\","
        + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + location.accountRootArn()
        + "\"},\"Action\":"
        + metadata
        + ",\"Resource\":\"*\"}]}";
  }
}

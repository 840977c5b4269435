package dev.serverlesskms.core.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operations a grant can allow (botocore's {@code GrantOperation}), named exactly as on the
 * wire, in the model's order (AWS lists them in this order in its validation messages). Each is
 * also the name of the KMS action it allows ({@code kms:<name>}). Names are persisted with grants:
 * they are frozen.
 */
public enum GrantOperation {
  Decrypt,
  Encrypt,
  GenerateDataKey,
  GenerateDataKeyWithoutPlaintext,
  ReEncryptFrom,
  ReEncryptTo,
  Sign,
  Verify,
  GetPublicKey,
  CreateGrant,
  RetireGrant,
  DescribeKey,
  GenerateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext,
  GenerateMac,
  VerifyMac,
  DeriveSharedSecret;

  /** The enum value set as AWS's validation message lists it: {@code [Decrypt, Encrypt, ...]}. */
  public static final String VALUE_SET =
      Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ", "[", "]"));

  /** Operations every key allows in a grant, whatever its type. */
  private static final Set<GrantOperation> ANY_KEY =
      EnumSet.of(CreateGrant, RetireGrant, DescribeKey);

  /**
   * Operations whose requests carry an encryption context, to which a grant's encryption context
   * constraints apply (the cryptographic operations of symmetric encryption keys). They apply to no
   * other operation: a DescribeKey or RetireGrant under such a grant is not constrained.
   */
  private static final Set<GrantOperation> WITH_ENCRYPTION_CONTEXT =
      EnumSet.of(
          Decrypt,
          Encrypt,
          GenerateDataKey,
          GenerateDataKeyWithoutPlaintext,
          ReEncryptFrom,
          ReEncryptTo,
          GenerateDataKeyPair,
          GenerateDataKeyPairWithoutPlaintext);

  /** The operation named {@code name}, or {@code null} if no grant operation has that name. */
  public static GrantOperation fromName(String name) {
    if (name == null) {
      return null;
    }
    for (GrantOperation operation : values()) {
      if (operation.name().equals(name)) {
        return operation;
      }
    }
    return null;
  }

  /** The KMS action this operation allows, {@code kms:Encrypt}. */
  public String action() {
    return "kms:" + name();
  }

  /** Whether a grant's encryption context constraints apply to requests of this operation. */
  public boolean takesEncryptionContext() {
    return WITH_ENCRYPTION_CONTEXT.contains(this);
  }

  /**
   * Whether a grant on a key of this spec and usage may allow this operation (AWS's "grant
   * operations" table: a grant for a symmetric key cannot allow Sign, nor one for an asymmetric key
   * GenerateDataKey).
   */
  public boolean supportedOn(KeySpec spec, KeyUsage usage) {
    if (ANY_KEY.contains(this)) {
      return true;
    }
    boolean symmetric = spec == KeySpec.SYMMETRIC_DEFAULT;
    return switch (usage) {
      case ENCRYPT_DECRYPT ->
          symmetric
              ? WITH_ENCRYPTION_CONTEXT.contains(this)
              : EnumSet.of(Encrypt, Decrypt, ReEncryptFrom, ReEncryptTo, GetPublicKey)
                  .contains(this);
      case SIGN_VERIFY -> EnumSet.of(Sign, Verify, GetPublicKey).contains(this);
      case GENERATE_VERIFY_MAC -> EnumSet.of(GenerateMac, VerifyMac).contains(this);
      case KEY_AGREEMENT -> EnumSet.of(DeriveSharedSecret, GetPublicKey).contains(this);
    };
  }
}

package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.policy.PolicyDocument;
import java.util.Map;
import java.util.Objects;

/**
 * The key policies and identity policies the rows of {@link AuthorizerTableTest} name. The KMS's
 * account is 111122223333 (users alice, dev/bob, role ops), the other account 444455556666 (user
 * carol, role auditor).
 */
final class AuthorizerPolicies {
  private AuthorizerPolicies() {}

  private static final String ROOT_A =
      """
      {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
       "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}
      """;

  private static String policy(String... statements) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(",", statements) + "]}";
  }

  static final Map<String, String> KEY_POLICIES =
      Map.ofEntries(
          Map.entry("default", policy(ROOT_A)),
          Map.entry(
              "default-2008",
              """
              {"Version": "2008-10-17", "Id": "key-default-1", "Statement": {"Effect": "Allow",
               "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}}
              """),
          Map.entry(
              "bob-describe-only",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/dev/bob"},
                   "Action": "kms:DescribeKey", "Resource": "*"}
                  """)),
          Map.entry(
              "alice-direct",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/alice"]},
                   "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"}
                  """)),
          Map.entry(
              "alice-direct-plus-root",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Encrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "deny-alice-decrypt",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Decrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "deny-outside-network",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
                   "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}}
                  """)),
          Map.entry(
              "deny-everyone-disable",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "kms:Disable*",
                   "Resource": "*"}
                  """)),
          Map.entry(
              "cross-account-root",
              policy(
                  ROOT_A,
                  """
                  {"Sid": "Allow use by 444455556666", "Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                   "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}
                  """)),
          Map.entry(
              "cross-account-carol",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:user/carol"},
                   "Action": "kms:Encrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "cross-account-auditor-role",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/auditor"},
                   "Action": ["kms:Describe*", "kms:Get*", "kms:List*"], "Resource": "*"}
                  """)),
          Map.entry(
              "deny-account-b",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "kms:*",
                   "Resource": "*"}
                  """,
                  """
                  {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                   "Action": "kms:Decrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "role-ops",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ops"},
                   "Action": ["kms:Encrypt*", "kms:Decrypt"], "Resource": "*"}
                  """)),
          Map.entry(
              "role-ops-with-path",
              policy(
                  """
                  {"Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::111122223333:role/team/ops"},
                   "Action": "kms:Encrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "session-direct",
              policy(
                  """
                  {"Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/ops/deploy"},
                   "Action": "kms:Encrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "aws-managed-ec2",
              policy(
                  """
                  {"Sid": "Allow access through EBS for all principals in the account",
                   "Effect": "Allow", "Principal": {"AWS": "*"},
                   "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333",
                     "kms:ViaService": "ec2.eu-west-1.amazonaws.com"}},
                   "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*",
                     "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
                   "Resource": "*"}
                  """,
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": ["kms:Describe*", "kms:Get*", "kms:List*"], "Resource": "*"}
                  """)),
          Map.entry(
              "ec-department-it",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*",
                   "Condition": {"StringEquals": {"kms:EncryptionContext:Department": "IT"}}}
                  """)),
          Map.entry(
              "ec-exact-keys",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {
                     "StringEquals": {"kms:EncryptionContext:Department": "IT"},
                     "ForAllValues:StringEquals": {"kms:EncryptionContextKeys":
                       ["Department", "Project"]}}}
                  """)),
          Map.entry(
              "ec-any-appname",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": ["kms:Encrypt", "kms:GenerateDataKey*"], "Resource": "*",
                   "Condition": {"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys":
                     "AppName"}}}
                  """)),
          Map.entry(
              "ec-required",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {"Null": {"kms:EncryptionContextKeys": false}}}
                  """)),
          Map.entry(
              "ec-deny-restricted",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*",
                   "Condition": {"StringEquals": {"kms:EncryptionContext:Stage":
                     ["Restricted", "Production"]}}}
                  """)),
          Map.entry(
              "ec-ignore-case",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"StringEqualsIgnoreCase": {"kms:EncryptionContext:department":
                     "it"}}}
                  """)),
          Map.entry(
              "ec-username",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
                   "Condition": {"StringEquals": {"kms:EncryptionContext:user":
                     "${aws:username}"}}}
                  """)),
          Map.entry(
              "ec-like",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"StringLike": {"kms:EncryptionContext:path": "s3://data/*"}}}
                  """)),
          Map.entry(
              "key-properties",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:*", "Resource": "*",
                   "Condition": {"StringEquals": {"kms:KeySpec": "SYMMETRIC_DEFAULT",
                     "kms:KeyUsage": "ENCRYPT_DECRYPT", "kms:KeyOrigin": "AWS_KMS"}}}
                  """)),
          Map.entry(
              "deny-imported",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {"StringNotEquals": {"kms:KeyOrigin": "AWS_KMS"}}}
                  """)),
          Map.entry(
              "request-alias",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
                   "Condition": {"StringLike": {"kms:RequestAlias": "alias/app-*"}}}
                  """)),
          Map.entry(
              "grant-operations",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:CreateGrant", "Resource": "*",
                   "Condition": {"ForAllValues:StringEquals": {"kms:GrantOperations":
                     ["Encrypt", "Decrypt"]},
                     "ForAnyValue:StringEquals": {"kms:GrantOperations": ["Encrypt", "Decrypt"]}}}
                  """)),
          Map.entry(
              "principal-arn",
              policy(
                  """
                  {"Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {"ArnLike": {"aws:PrincipalArn":
                     ["arn:aws:iam::111122223333:role/ops", "arn:aws:iam::*:user/dev/*"]}}}
                  """)),
          Map.entry(
              "principal-account-b",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:PrincipalAccount": "444455556666"}}}
                  """)),
          Map.entry(
              "source-ip",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {"IpAddress": {"aws:SourceIp":
                     ["203.0.113.0/24", "2001:db8:1234::/48"]}}}
                  """)),
          Map.entry(
              "time-window",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"},
                     "DateLessThan": {"aws:CurrentTime": "2027-01-01"}}}
                  """)),
          Map.entry(
              "not-principal-deny",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/alice",
                     "arn:aws:iam::111122223333:root"]},
                   "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}
                  """)),
          Map.entry(
              "not-principal-deny-user-only",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}
                  """)),
          Map.entry(
              "not-action",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "NotAction": ["kms:Decrypt", "kms:Schedule*"], "Resource": "*"}
                  """)),
          Map.entry(
              "not-resource",
              policy(
                  """
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                   "Action": "kms:*", "NotResource": "arn:aws:kms:*:*:alias/*"}
                  """)),
          Map.entry(
              "service-kms",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Allow", "Principal": {"Service": "kms.amazonaws.com"},
                   "Action": "kms:Encrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "everyone-encrypt",
              policy(
                  """
                  {"Effect": "Allow", "Principal": "*", "Action": "kms:encrypt", "Resource": "*"}
                  """)),
          Map.entry(
              "via-service-deny",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt",
                   "Resource": "*",
                   "Condition": {"StringNotEqualsIfExists": {"kms:ViaService":
                     "s3.eu-west-1.amazonaws.com"}}}
                  """)),
          Map.entry(
              "deny-grants-for-non-aws",
              policy(
                  ROOT_A,
                  """
                  {"Effect": "Deny", "Principal": "*", "Action": "kms:CreateGrant", "Resource": "*",
                   "Condition": {"Bool": {"kms:GrantIsForAWSResource": "false"}}}
                  """)));

  static final Map<String, String> IDENTITY_POLICIES =
      Map.ofEntries(
          Map.entry(
              "kms-all", policy("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}")),
          Map.entry(
              "encrypt-only",
              policy("{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}")),
          Map.entry(
              "use-keys-of-a",
              policy(
                  """
                  {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
                   "Resource": "arn:aws:kms:eu-west-1:111122223333:key/*"}
                  """)),
          Map.entry(
              "other-region-only",
              policy(
                  """
                  {"Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:us-east-1:*:key/*"}
                  """)),
          Map.entry(
              "deny-decrypt",
              policy("{\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}")),
          Map.entry(
              "deny-outside-office",
              policy(
                  """
                  {"Effect": "Deny", "Action": "kms:*", "Resource": "*",
                   "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}
                  """)),
          Map.entry(
              "create-symmetric",
              policy(
                  """
                  {"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*",
                   "Condition": {"StringEquals": {"kms:KeySpec": "SYMMETRIC_DEFAULT"}}}
                  """)),
          Map.entry(
              "list",
              policy(
                  """
                  {"Effect": "Allow", "Action": ["kms:ListKeys", "kms:ListAliases"],
                   "Resource": "*"}
                  """)),
          Map.entry(
              "alias-app",
              policy(
                  """
                  {"Effect": "Allow", "Action": ["kms:CreateAlias", "kms:DeleteAlias"],
                   "Resource": ["arn:aws:kms:eu-west-1:111122223333:alias/app-*",
                     "arn:aws:kms:eu-west-1:111122223333:key/*"]}
                  """)),
          Map.entry(
              "ec-own-user",
              policy(
                  """
                  {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
                   "Condition": {"StringEquals": {"kms:EncryptionContext:user":
                     "${aws:username}"}}}
                  """)),
          Map.entry(
              "after-june",
              policy(
                  """
                  {"Effect": "Allow", "Action": "kms:*", "Resource": "*",
                   "Condition": {"DateGreaterThanEquals": {"aws:EpochTime": "1780272000"}}}
                  """)),
          Map.entry(
              "deny-gen-unless-web",
              policy(
                  """
                  {"Effect": "Deny", "Action": "kms:GenerateDataKey*", "Resource": "*",
                   "Condition": {"StringNotEqualsIfExists": {"kms:EncryptionContext:App": "web"}}}
                  """)),
          Map.entry(
              "via-s3",
              policy(
                  """
                  {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}
                  """)),
          Map.entry(
              "own-account-keys",
              policy(
                  """
                  {"Effect": "Allow", "Action": "kms:*",
                   "Resource": "arn:aws:kms:*:${aws:PrincipalAccount}:key/*"}
                  """)),
          Map.entry(
              "finance-aliases",
              policy(
                  """
                  {"Effect": "Allow", "Action": "kms:Encrypt",
                   "Resource": "arn:aws:kms:*:111122223333:key/*",
                   "Condition": {"ForAnyValue:StringLike": {"kms:ResourceAliases":
                     "alias/finance-*"}}}
                  """)),
          Map.entry(
              "only-test-aliases",
              policy(
                  """
                  {"Effect": "Allow", "Action": ["kms:EnableKey", "kms:DisableKey"],
                   "Resource": "arn:aws:kms:*:111122223333:key/*",
                   "Condition": {"ForAllValues:StringLike": {"kms:ResourceAliases": "alias/*Test*"},
                     "ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/*Test*"}}}
                  """)),
          Map.entry(
              "not-action-decrypt",
              policy(
                  """
                  {"Effect": "Allow", "NotAction": "kms:Decrypt", "Resource": "*"}
                  """)));

  static PolicyDocument key(String name) {
    return PolicyDocument.parseKeyPolicy(Objects.requireNonNull(KEY_POLICIES.get(name), name));
  }

  static String keyText(String name) {
    return Objects.requireNonNull(KEY_POLICIES.get(name), name);
  }

  static PolicyDocument identity(String name) {
    return PolicyDocument.parseIdentityPolicy(
        Objects.requireNonNull(IDENTITY_POLICIES.get(name), name));
  }
}

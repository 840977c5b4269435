package dev.serverlesskms.bench;

/**
 * A realistic ten-statement key policy (the account root, key administrators, a deny of deletion,
 * roles of another account, a service, conditions), whose last statement is the one that allows the
 * bench user: the evaluator has to look at every statement on every request.
 */
final class TenStatementPolicy {
  private TenStatementPolicy() {}

  static final String TEXT =
      """
      {"Version":"2012-10-17","Id":"bench-10","Statement":[
       {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
        "Action":"kms:*","Resource":"*"},
       {"Sid":"Admins","Effect":"Allow",
        "Principal":{"AWS":["arn:aws:iam::111122223333:role/KeyAdmin","arn:aws:iam::111122223333:user/ops"]},
        "Action":["kms:Create*","kms:Describe*","kms:Enable*","kms:List*","kms:Put*","kms:Update*",
                  "kms:Revoke*","kms:Disable*","kms:Get*","kms:Delete*","kms:TagResource","kms:UntagResource"],
        "Resource":"*"},
       {"Sid":"NoDeletion","Effect":"Deny","Principal":"*",
        "Action":["kms:ScheduleKeyDeletion","kms:DeleteImportedKeyMaterial"],"Resource":"*",
        "Condition":{"StringNotEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/BreakGlass"}}},
       {"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},
        "Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionContext:partner":"444455556666"}}},
       {"Sid":"Analytics","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777788889999:role/Analytics"},
        "Action":"kms:Decrypt","Resource":"*",
        "Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["dataset","tenant"]}}},
       {"Sid":"ViaS3","Effect":"Allow","Principal":{"AWS":"*"},
        "Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*",
        "Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com",
                                     "kms:CallerAccount":"111122223333"}}},
       {"Sid":"Grants","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Deployer"},
        "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*",
        "Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}},
       {"Sid":"Office","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Reader"},
        "Action":"kms:Decrypt","Resource":"*",
        "Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]}}},
       {"Sid":"UntilEndOfYear","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Temp"},
        "Action":"kms:Encrypt","Resource":"*",
        "Condition":{"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}}},
       {"Sid":"BenchApp","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bench"},
        "Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*",
        "Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"acme"}}}
      ]}""";
}

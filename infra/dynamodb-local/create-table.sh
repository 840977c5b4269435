#!/usr/bin/env bash
# Creates the Serverless KMS key table in DynamoDB Local (or any DynamoDB endpoint), with exactly the
# schema of KeyTableDefinition (kms-store-dynamodb) and sam-template.yaml: pk/sk, and the `listing` and
# sparse `due` global secondary indexes. Idempotent: an existing table is left alone.
#
# usage: create-table.sh <endpoint> [table]       e.g. create-table.sh http://127.0.0.1:8000 kms-keys
# Needs the AWS CLI; DynamoDB Local takes any credentials (AWS_ACCESS_KEY_ID=test etc. are set if unset).
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 <endpoint> [table]" >&2; exit 1; }
endpoint=$1
table=${2:-kms-keys}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
AWS=${AWS:-aws}

if "$AWS" dynamodb describe-table --endpoint-url "$endpoint" --table-name "$table" >/dev/null 2>&1; then
  echo "create-table.sh: $table exists" >&2
  exit 0
fi
"$AWS" dynamodb create-table --endpoint-url "$endpoint" --table-name "$table" \
  --billing-mode PAY_PER_REQUEST \
  --attribute-definitions \
    AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S \
    AttributeName=listPk,AttributeType=S AttributeName=listSk,AttributeType=S \
    AttributeName=duePk,AttributeType=S AttributeName=dueSk,AttributeType=S \
  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
  --global-secondary-indexes \
    '[{"IndexName":"listing","KeySchema":[{"AttributeName":"listPk","KeyType":"HASH"},{"AttributeName":"listSk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["aliasName","aliasTarget","aliasCreated","aliasUpdated"]}},{"IndexName":"due","KeySchema":[{"AttributeName":"duePk","KeyType":"HASH"},{"AttributeName":"dueSk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]' \
  >/dev/null
"$AWS" dynamodb wait table-exists --endpoint-url "$endpoint" --table-name "$table"
echo "create-table.sh: created $table" >&2

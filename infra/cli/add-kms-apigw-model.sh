#!/usr/bin/env bash
# Teaches the AWS CLI to call a deployed Serverless KMS.
#
# The deployed KMS endpoint is an API Gateway HTTP API with IAM authorization, so requests must be
# SigV4-signed for the service "execute-api", while `aws kms` signs for "kms". This script copies the
# AWS CLI's own KMS model, changes only its signing name, and registers it as the service
# "kms-apigw" (`aws configure add-model`). Then every `aws kms ...` command works as
# `aws kms-apigw ... --endpoint-url <KmsApiEndpoint>`, with the same arguments and output.
#
# Usage: infra/cli/add-kms-apigw-model.sh [path/to/kms/service-2.json]
#   Without an argument it finds the model inside the installed AWS CLI v2.
set -euo pipefail

AWS=${AWS:-aws}
model=${1:-}
if [ -z "$model" ]; then
  for candidate in \
      /usr/lib/python3/dist-packages/awscli/botocore/data/kms/2014-11-01/service-2.json \
      /usr/local/aws-cli/v2/current/dist/awscli/botocore/data/kms/2014-11-01/service-2.json \
      "$HOME/.local/aws-cli/v2/current/dist/awscli/botocore/data/kms/2014-11-01/service-2.json"; do
    if [ -f "$candidate" ]; then model=$candidate; break; fi
  done
fi
if [ -z "$model" ] || [ ! -f "$model" ]; then
  echo "cannot find the AWS CLI's KMS model (service-2.json); pass its path as the first argument" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$model" "$work/service-2.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    model = json.load(f)
meta = model["metadata"]
meta["signingName"] = "execute-api"          # API Gateway verifies SigV4 for execute-api
meta["serviceId"] = "KMS APIGW"
meta["serviceFullName"] = "Serverless KMS (behind API Gateway)"
meta.pop("endpointPrefix", None)
meta["endpointPrefix"] = "kms-apigw"
with open(sys.argv[2], "w") as f:
    json.dump(model, f)
PY
"$AWS" configure add-model --service-model "file://$work/service-2.json" --service-name kms-apigw
echo "registered: use 'aws kms-apigw <command> --endpoint-url <KmsApiEndpoint>' (e.g. aws kms-apigw list-keys)"

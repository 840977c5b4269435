#!/usr/bin/env bash
# Stops the DynamoDB Local that start.sh started from <data-dir>, and nothing else (see
# infra/lib/stop-recorded-process.sh). It is one JVM with no child processes. Its in-memory tables are
# gone with it; lib/ and the log stay in <data-dir> for the next start.
#
# usage: stop.sh <data-dir>
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 <data-dir>" >&2; exit 1; }
exec "$(dirname "$0")/../lib/stop-recorded-process.sh" "$1" dynamodb-local "DynamoDB Local"

#!/usr/bin/env bash
# Stops the kinesis-local that start.sh started from <run-dir>, and nothing else (see
# infra/lib/stop-recorded-process.sh). kinesis-local starts no child processes (its extra threads are
# Node's own), so ending its PID ends all of it. The log stays in <run-dir>.
#
# usage: stop.sh <run-dir>
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 <run-dir>" >&2; exit 1; }
exec "$(dirname "$0")/../lib/stop-recorded-process.sh" "$1" kinesis-local kinesis-local

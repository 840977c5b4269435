#!/usr/bin/env bash
# Issue 13's benchmark matrix in one sitting: for this KMS (the packaged runner jar with the JVM options
# users get, or --via-kms-local) and optionally local-kms (--local-kms, binary in LOCAL_KMS_BIN) and any
# --compare-command '<cmd with {port}>': start-up to first Encrypt on 1 and 2 cores, Encrypt 4 KB,
# Decrypt and GenerateDataKey at 1/8/32 callers (server CPU per request, throughput, p50/p99), RSS.
#
#   functions/kms-benchmarks/run-matrix.sh [--local-kms] [--quick] [--csv matrix.csv] [more: --help]
#
# The servers run pinned to CPU 0 (taskset, which the runner applies per server), this load generator
# to CPU 1. Needs the server jar and target/benchmarks.jar (README.md, "Matrix").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench_jar="$here/target/benchmarks.jar"
[[ -f "$bench_jar" ]] || { echo "run-matrix.sh: missing $bench_jar (build it first, see README.md)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "run-matrix.sh: needs taskset (util-linux)" >&2; exit 1; }
if [[ "$(nproc --all)" -lt 2 ]]; then
  echo "run-matrix.sh: needs 2 CPUs (server on CPU 0, load generator on CPU 1)" >&2
  exit 1
fi

# Relative default paths (server jar, jvm.options, ./kms-local) are the repository's.
cd "$root"
exec taskset -c 1 java -cp "$bench_jar" dev.serverlesskms.bench.MatrixRunner "$@"

#!/usr/bin/env bash
# A bare-Netty baseline server for the matrix (README.md, "Another HTTP layer"), started with the same
# Java and JVM options as ./kms-local gives this KMS (Java 25 when the machine has it, jvm.options, and
# ./kms-local's C2 thresholds):
#   netty-server.sh wire  PORT DATA_DIR   the KMS's own wire path (SigV4, policies, audit) on bare Netty
#   netty-server.sh floor PORT DATA_DIR   JSON in, JSON out of the right shape: no KMS at all
# For run-matrix.sh: --compare-command 'functions/kms-benchmarks/netty-server.sh wire {port} {data}'
# NETTY_AOT_CACHE=F (Java 25): use the AOT cache F, or record it at exit when F does not exist yet.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "${1:-}" in
  wire) main=dev.serverlesskms.bench.NettyWireServer ;;
  floor) main=dev.serverlesskms.bench.NettyFloorServer ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
shift
java=java
for candidate in "${KMS_JAVA:-}" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then java=$candidate; break; fi
done
options=()
while IFS= read -r line; do
  line="${line%%#*}"
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  if [ -n "$line" ]; then options+=("$line"); fi
done < "$root/functions/kms-functions/src/main/local/jvm.options"
options+=(-XX:Tier4InvocationThreshold=10000 -XX:Tier4MinInvocationThreshold=1200
  -XX:Tier4CompileThreshold=30000 -XX:Tier4BackEdgeThreshold=80000)
if [ -n "${NETTY_AOT_CACHE:-}" ]; then
  if [ -f "$NETTY_AOT_CACHE" ]; then
    options+=(-XX:AOTCache="$NETTY_AOT_CACHE" -Xlog:aot=off -Xlog:cds=off
      -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining)
  else
    options+=(-XX:AOTCacheOutput="$NETTY_AOT_CACHE")
  fi
fi
exec "$java" "${options[@]}" -cp "$here/target/benchmarks.jar" "$main" "$@"

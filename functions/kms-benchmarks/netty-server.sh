#!/usr/bin/env bash
# A bare-Netty baseline server for the matrix (README.md, "Another HTTP layer"), started on the Java and
# with the JVM options that ./kms-local gives this KMS (functions/kms-functions/src/main/local/java-launch.sh):
#   netty-server.sh wire  PORT DATA_DIR   the KMS's own wire path (SigV4, policies, audit) on bare Netty
#   netty-server.sh floor PORT DATA_DIR   JSON in, JSON out of the right shape: no KMS at all
# For run-matrix.sh: --compare-command 'functions/kms-benchmarks/netty-server.sh wire {port} {data}'
# NETTY_AOT_CACHE=F (Java 25): use the AOT cache F, or record it at exit when F does not exist yet.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  wire) main=dev.serverlesskms.bench.NettyWireServer ;;
  floor) main=dev.serverlesskms.bench.NettyFloorServer ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
shift
. "$here/../kms-functions/src/main/local/java-launch.sh"
read_jvm_options
pick_java
if [ "${feature:-0}" -ge 25 ] 2>/dev/null; then
  # ./kms-local always runs Java 25 with its AOT cache, hence with these JIT options.
  jvm_options+=("${java25_aot_jit_options[@]}")
  if [ -n "${NETTY_AOT_CACHE:-}" ]; then
    if [ -f "$NETTY_AOT_CACHE" ]; then
      jvm_options+=(-XX:AOTCache="$NETTY_AOT_CACHE" -Xlog:aot=off -Xlog:cds=off)
    else
      jvm_options+=(-XX:AOTCacheOutput="$NETTY_AOT_CACHE")
    fi
  fi
elif [ -n "${NETTY_AOT_CACHE:-}" ]; then
  echo "netty-server.sh: NETTY_AOT_CACHE needs Java 25 ($java is ${feature:-of unknown version})" >&2
  exit 2
fi
exec "$java" ${jvm_options[@]+"${jvm_options[@]}"} -cp "$here/target/benchmarks.jar" "$main" "$@"

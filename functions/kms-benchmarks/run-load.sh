#!/usr/bin/env bash
# Starts the packaged local server on a free loopback port with a throw-away data directory, runs the
# load generator against it, and stops the server, also when anything fails or on Ctrl-C.
#
#   functions/kms-benchmarks/run-load.sh [LoadGenerator options, e.g. --threads 8 --duration 30s]
#
# Needs the server jar (mvn -B package in functions/kms-functions) and target/benchmarks.jar
# (mvn -B -Pbenchmarks -pl functions/kms-benchmarks package). --endpoint is set here; do not pass it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
server_jar="${KMS_SERVER_JAR:-$here/../kms-functions/target/kms-functions-0.1.0-SNAPSHOT-runner.jar}"
bench_jar="$here/target/benchmarks.jar"
for jar in "$server_jar" "$bench_jar"; do
  [[ -f "$jar" ]] || { echo "run-load.sh: missing $jar (build it first, see README.md)" >&2; exit 1; }
done

data_dir="$(mktemp -d -t kms-load-XXXXXX)"
server_pid=""
generator_pid=""
stop() { # pid: TERM, up to 10 s to exit, then KILL
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  local status=$?
  if [[ -n "$generator_pid" ]] && kill -0 "$generator_pid" 2>/dev/null; then
    stop "$generator_pid"
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    stop "$server_pid"
  fi
  if [[ $status -ne 0 && -f "$data_dir/server.log" ]]; then
    echo "run-load.sh: failed ($status); last lines of the server log:" >&2
    tail -n 30 "$data_dir/server.log" >&2
  fi
  rm -rf "$data_dir"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port the kernel considers free right now, on loopback.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

# The same default JVM options as ./kms-local, so that the benchmark measures what users run.
. "$here/../kms-functions/src/main/local/java-launch.sh"
read_jvm_options

java ${jvm_options[@]+"${jvm_options[@]}"} -Dkms.data-dir="$data_dir/data" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -jar "$server_jar" >"$data_dir/server.log" 2>&1 &
server_pid=$!

# Ready when the port accepts connections (at most 60 s); give up at once if the server died.
for _ in $(seq 1 300); do
  kill -0 "$server_pid" 2>/dev/null || { echo "run-load.sh: the server exited during start-up" >&2; exit 1; }
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
  sleep 0.2
done
[[ "${ready:-}" == 1 ]] || { echo "run-load.sh: the server did not listen on 127.0.0.1:$port within 60 s" >&2; exit 1; }

echo "run-load.sh: server pid $server_pid on http://127.0.0.1:$port, data in $data_dir/data"
# In the background and waited for, so a signal to this script runs the cleanup at once.
java -cp "$bench_jar" dev.serverlesskms.bench.LoadGenerator --endpoint "http://127.0.0.1:$port" \
  --server-pid "$server_pid" "$@" &
generator_pid=$!
wait "$generator_pid"

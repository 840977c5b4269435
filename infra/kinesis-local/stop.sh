#!/usr/bin/env bash
# Stops the kinesis-local that start.sh started from <run-dir>, and nothing else: it signals the PID in
# kinesis-local.pid only if that process still has the start time recorded in kinesis-local.started
# (a PID reused by another process is left alone). SIGTERM first; SIGKILL if it is still running
# after 10 s. kinesis-local starts no child processes (its extra threads are Node's own), so ending
# its PID ends all of it. The log stays in <run-dir>.
#
# usage: stop.sh <run-dir>
#
# Idempotent: nothing running (or no run-dir) is success.
set -euo pipefail

readonly STOP_TIMEOUT_SECONDS=10

fail() {
  echo "stop.sh: $*" >&2
  exit 1
}

[[ $# -eq 1 ]] || fail "usage: $0 <run-dir>"
run_dir=$1
pid_file="$run_dir/kinesis-local.pid"
started_file="$run_dir/kinesis-local.started"
port_file="$run_dir/kinesis-local.port"

forget() {
  rm -f -- "$pid_file" "$started_file" "$port_file"
}

[[ -s "$pid_file" ]] || { echo "stop.sh: kinesis-local is not running (no $pid_file)" >&2; forget; exit 0; }
pid=$(cat "$pid_file")
[[ "$pid" =~ ^[0-9]+$ ]] || fail "$pid_file does not hold a PID"
now=$(ps -o lstart= -p "$pid" 2>/dev/null || true)
if [[ -z "$now" || ! -s "$started_file" || "$now" != "$(cat "$started_file")" ]]; then
  echo "stop.sh: kinesis-local (PID $pid) is no longer running; removing its PID file" >&2
  forget
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
while kill -0 "$pid" 2>/dev/null; do
  if (( SECONDS >= deadline )); then
    echo "stop.sh: kinesis-local (PID $pid) ignored SIGTERM for ${STOP_TIMEOUT_SECONDS}s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
forget
echo "stop.sh: stopped kinesis-local (PID $pid)" >&2

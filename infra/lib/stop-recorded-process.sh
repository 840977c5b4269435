#!/usr/bin/env bash
# Stops a background process that a start.sh of infra/ recorded, and nothing else: it signals the PID
# in <dir>/<name>.pid only if that process still has the start time recorded in <dir>/<name>.started
# (a PID reused by another process is left alone). SIGTERM first; SIGKILL if it is still running after
# 10 s. Removes the .pid, .started and .port files. Idempotent: nothing running is success.
#
# usage: stop-recorded-process.sh <dir> <name> <display name>
set -euo pipefail

readonly STOP_TIMEOUT_SECONDS=10

fail() {
  echo "stop.sh: $*" >&2
  exit 1
}

[[ $# -eq 3 ]] || fail "usage: $0 <dir> <name> <display name>"
dir=$1
name=$2
display=$3
pid_file="$dir/$name.pid"
started_file="$dir/$name.started"
port_file="$dir/$name.port"

forget() {
  rm -f -- "$pid_file" "$started_file" "$port_file"
}

[[ -s "$pid_file" ]] || { echo "stop.sh: $display is not running (no $pid_file)" >&2; forget; exit 0; }
pid=$(cat "$pid_file")
[[ "$pid" =~ ^[0-9]+$ ]] || fail "$pid_file does not hold a PID"
now=$(ps -o lstart= -p "$pid" 2>/dev/null || true)
if [[ -z "$now" || ! -s "$started_file" || "$now" != "$(cat "$started_file")" ]]; then
  echo "stop.sh: $display (PID $pid) is no longer running; removing its PID file" >&2
  forget
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
while kill -0 "$pid" 2>/dev/null; do
  if (( SECONDS >= deadline )); then
    echo "stop.sh: $display (PID $pid) ignored SIGTERM for ${STOP_TIMEOUT_SECONDS}s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
forget
echo "stop.sh: stopped $display (PID $pid)" >&2

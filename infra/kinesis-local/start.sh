#!/usr/bin/env bash
# Starts kinesis-local (npm, a Kinesis API emulator) in the background for local runs of the Kinesis
# audit sink, waits until it answers, and optionally creates a stream. stop.sh <run-dir> stops it.
#
# usage: start.sh <run-dir> <port> [stream-name [shard-count]]
#
#   <run-dir>      created if missing; receives kinesis-local.pid, kinesis-local.started (the process's
#                  start time, so stop.sh never kills a process that merely reuses the PID),
#                  kinesis-local.port and kinesis-local.log
#   <port>         plain-HTTP port on which it listens, on all interfaces. Its TLS port, which it
#                  always opens, is <port>+1 unless KINESIS_LOCAL_TLS_PORT says otherwise
#   [stream-name]  created if missing (in region AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1),
#                  and waited for until ACTIVE
#   [shard-count]  default 1
#
# The emulator is node_modules/kinesis-local in the repository root, version 0.6.2; if it is missing,
# this runs `npm install --no-save --prefix <repo root> kinesis-local@0.6.2` (node_modules/ is
# git-ignored; the package has no dependencies). KINESIS_LOCAL_DIR=<folder with main.js> uses another
# copy. Needs Node.js and npm.
#
# Idempotent: if the emulator this run-dir started is running on <port>, it is reused (and the stream
# created if missing); on another port, this fails rather than start a second one.
# Prints one shell assignment, for `eval "$(start.sh ...)"`:
#   KINESIS_ENDPOINT=http://127.0.0.1:<port>
set -euo pipefail

readonly VERSION=0.6.2
readonly START_TIMEOUT_SECONDS=30
readonly ACTIVE_TIMEOUT_SECONDS=30
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)

fail() {
  echo "start.sh: $*" >&2
  exit 1
}

usage="usage: $0 <run-dir> <port> [stream-name [shard-count]]"
[[ $# -ge 2 && $# -le 4 ]] || fail "$usage"
# Whether $1 is a TCP port number.
is_port() {
  [[ "$1" =~ ^[1-9][0-9]{0,4}$ ]] && (( $1 <= 65535 ))
}

port=$2
stream=${3:-}
shards=${4:-1}
is_port "$port" || fail "not a port: '$port'"
tls_port=${KINESIS_LOCAL_TLS_PORT:-$((port + 1))}
if ! is_port "$tls_port" || [[ "$tls_port" == "$port" ]]; then
  fail "not a usable TLS port: '$tls_port'"
fi
[[ -z "$stream" || "$stream" =~ ^[a-zA-Z0-9_.-]{1,128}$ ]] || fail "not a Kinesis stream name: '$stream'"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || fail "shard-count must be a positive integer: '$shards'"
command -v node >/dev/null || fail "node not found: install Node.js"

mkdir -p "$1"
run_dir=$(cd "$1" && pwd)
pid_file="$run_dir/kinesis-local.pid"
started_file="$run_dir/kinesis-local.started"
port_file="$run_dir/kinesis-local.port"
log="$run_dir/kinesis-local.log"
endpoint="http://127.0.0.1:$port"

# started_at and running (of the process recorded in $pid_file / $started_file)
# shellcheck source=../lib/recorded-process.sh
source "$(dirname "$0")/../lib/recorded-process.sh"

# Whether something accepts connections on local port $1 (bash's /dev/tcp; no curl or nc needed).
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Calls Kinesis operation $1 with JSON body $2; prints the answer.
call() {
  node "$script_dir/kinesis-call.js" "$endpoint" "$1" "$2"
}

package_dir() {
  if [[ -n "${KINESIS_LOCAL_DIR:-}" ]]; then
    [[ -f "$KINESIS_LOCAL_DIR/main.js" ]] || fail "KINESIS_LOCAL_DIR=$KINESIS_LOCAL_DIR has no main.js"
    echo "$KINESIS_LOCAL_DIR"
    return
  fi
  local dir="$repo_root/node_modules/kinesis-local"
  if ! grep -qs "\"version\" *: *\"$VERSION\"" "$dir/package.json"; then
    command -v npm >/dev/null || fail "npm not found: install Node.js and npm, or set KINESIS_LOCAL_DIR"
    echo "start.sh: installing kinesis-local $VERSION into $repo_root/node_modules" >&2
    npm install --no-save --no-audit --no-fund --prefix "$repo_root" "kinesis-local@$VERSION" >&2 \
      || fail "npm could not install kinesis-local@$VERSION"
  fi
  echo "$dir"
}

start_emulator() {
  local dir taken
  for taken in "$port" "$tls_port"; do
    # kinesis-local does not exit when a port is taken, and whatever holds it would answer our probe.
    ! port_in_use "$taken" || fail "port $taken is already in use; choose another (KINESIS_LOCAL_TLS_PORT for TLS)"
  done
  dir=$(package_dir)
  rm -f -- "$pid_file" "$started_file" "$port_file"
  echo "start.sh: starting kinesis-local on port $port (TLS $tls_port), log $log" >&2
  (
    cd "$dir"
    KINESIS_MOCK_PLAIN_PORT=$port KINESIS_MOCK_TLS_PORT=$tls_port exec nohup node main.js
  ) >>"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pid_file"
  started_at "$pid" >"$started_file"
  echo "$port" >"$port_file"

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until call ListStreams '{}' >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f -- "$pid_file" "$started_file" "$port_file"
      fail "kinesis-local exited during start-up; see $log"
    fi
    if (( SECONDS >= deadline )); then
      "$script_dir/stop.sh" "$run_dir" >&2 || true
      fail "kinesis-local did not answer on $endpoint within ${START_TIMEOUT_SECONDS}s; see $log"
    fi
    sleep 0.2
  done
}

create_stream() {
  local answer
  if ! answer=$(call CreateStream "{\"StreamName\":\"$stream\",\"ShardCount\":$shards}"); then
    [[ "$answer" == *ResourceInUseException* ]] || fail "CreateStream $stream failed: $answer"
  fi
  local deadline=$((SECONDS + ACTIVE_TIMEOUT_SECONDS))
  until call DescribeStreamSummary "{\"StreamName\":\"$stream\"}" | grep -q '"StreamStatus" *: *"ACTIVE"'; do
    (( SECONDS < deadline )) || fail "stream $stream is not ACTIVE after ${ACTIVE_TIMEOUT_SECONDS}s"
    sleep 0.2
  done
  echo "start.sh: stream $stream is ACTIVE" >&2
}

if running; then
  running_port=$(cat "$port_file" 2>/dev/null || true)
  [[ "$running_port" == "$port" ]] \
    || fail "kinesis-local from $run_dir already runs on port ${running_port:-?}; stop.sh $run_dir first"
  echo "start.sh: kinesis-local already running (PID $(cat "$pid_file")) on port $port" >&2
else
  start_emulator
fi
[[ -z "$stream" ]] || create_stream
echo "KINESIS_ENDPOINT=$endpoint"

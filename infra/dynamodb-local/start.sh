#!/usr/bin/env bash
# Starts Amazon DynamoDB Local 2.6.1 in the background for manual runs against the DynamoDB key
# store, waits until it answers, and runs an optional table-creation hook. stop.sh <data-dir> stops it.
# Needs only Java 17+ and Maven: the first start fetches DynamoDB Local and its dependencies from
# Maven Central (com.amazonaws:DynamoDBLocal, with this folder's pom.xml) into <data-dir>/lib.
#
# usage: start.sh <data-dir> <port>
#
#   <data-dir>  created if missing; receives lib/ (about 50 MB, fetched once), dynamodb-local.pid,
#               dynamodb-local.started (the process's start time, so stop.sh never kills a process
#               that merely reuses the PID), dynamodb-local.port and dynamodb-local.log
#   <port>      the port it listens on
#
# It runs `-inMemory -sharedDb -disableTelemetry`: tables live until stop.sh, and every client sees
# the same tables whatever its credentials and region (without -sharedDb, DynamoDB Local keeps one
# database per access key and region, and the AWS CLI and the KMS would not see each other's tables);
# no usage data is sent to AWS. Its working directory is <data-dir> (it writes a metadata file there).
#
# Table creation hook: DYNAMODB_LOCAL_INIT=<executable> is run once DynamoDB Local answers, with the
# endpoint URL as its argument and in DYNAMODB_ENDPOINT, on every start.sh (write it idempotent).
# For the KMS table: DYNAMODB_LOCAL_INIT=infra/dynamodb-local/create-table.sh (table kms-keys).
#
# Idempotent: if the DynamoDB Local this data-dir started is running on <port>, it is reused (the hook
# runs again); on another port, this fails rather than start a second one.
# Prints one shell assignment, for `eval "$(start.sh ...)"`:
#   DYNAMODB_ENDPOINT=http://127.0.0.1:<port>
set -euo pipefail

readonly START_TIMEOUT_SECONDS=60
readonly MAIN_CLASS=com.amazonaws.services.dynamodbv2.local.main.ServerRunner
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fail() {
  echo "start.sh: $*" >&2
  exit 1
}

[[ $# -eq 2 ]] || fail "usage: [DYNAMODB_LOCAL_INIT=<executable>] $0 <data-dir> <port>"
port=$2
if ! [[ "$port" =~ ^[1-9][0-9]{0,4}$ ]] || (( port > 65535 )); then
  fail "not a port: '$port'"
fi
java=java
[[ -z "${JAVA_HOME:-}" ]] || java="$JAVA_HOME/bin/java"
command -v "$java" >/dev/null || fail "java not found: install Java 17 or later (or set JAVA_HOME)"
if [[ -n "${DYNAMODB_LOCAL_INIT:-}" && ! -x "$DYNAMODB_LOCAL_INIT" ]]; then
  fail "DYNAMODB_LOCAL_INIT=$DYNAMODB_LOCAL_INIT is not an executable file"
fi

mkdir -p "$1"
data_dir=$(cd "$1" && pwd)
lib="$data_dir/lib"
pid_file="$data_dir/dynamodb-local.pid"
started_file="$data_dir/dynamodb-local.started"
port_file="$data_dir/dynamodb-local.port"
log="$data_dir/dynamodb-local.log"
endpoint="http://127.0.0.1:$port"

# started_at and running (of the process recorded in $pid_file / $started_file)
# shellcheck source=../lib/recorded-process.sh
source "$(dirname "$0")/../lib/recorded-process.sh"

# Whether local port $1 answers HTTP (bash's /dev/tcp, so no curl is needed). DynamoDB Local answers a
# bare GET with 400 MissingAuthenticationToken: any status line will do.
answers_http() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 5 status <&3 || exit 1
    [[ "$status" == HTTP/* ]]
  ) 2>/dev/null
}

# Fetches DynamoDB Local and its dependencies into lib/ once; a half-done fetch is never used.
fetch() {
  [[ ! -d "$lib" ]] || return 0
  command -v mvn >/dev/null || fail "mvn not found: install Maven (it fetches DynamoDB Local)"
  echo "start.sh: fetching DynamoDB Local into $lib (once)" >&2
  rm -rf -- "$lib.partial"
  mvn -B -q -f "$script_dir/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$lib.partial" >&2 \
    || fail "Maven could not fetch com.amazonaws:DynamoDBLocal (see its output above)"
  mv -- "$lib.partial" "$lib"
}

start_server() {
  ! answers_http "$port" || fail "port $port is already in use; choose another"
  fetch
  rm -f -- "$pid_file" "$started_file" "$port_file"
  echo "start.sh: starting DynamoDB Local on port $port, log $log" >&2
  # -Djava.library.path: sqlite4java's native libraries, which copy-dependencies puts beside the jars
  # (DynamoDB Local 2.6.1 would otherwise extract its own copy to java.io.tmpdir).
  # In <data-dir>: DynamoDB Local writes dynamodb-local-metadata.json to its working directory.
  (
    cd "$data_dir"
    exec nohup "$java" -Djava.library.path="$lib" -cp "$lib/*" "$MAIN_CLASS" \
      -inMemory -sharedDb -disableTelemetry -port "$port"
  ) >>"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pid_file"
  started_at "$pid" >"$started_file"
  echo "$port" >"$port_file"

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until answers_http "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f -- "$pid_file" "$started_file" "$port_file"
      fail "DynamoDB Local exited during start-up; see $log"
    fi
    if (( SECONDS >= deadline )); then
      "$script_dir/stop.sh" "$data_dir" >&2 || true
      fail "DynamoDB Local did not answer on $endpoint within ${START_TIMEOUT_SECONDS}s; see $log"
    fi
    sleep 0.5
  done
}

if running; then
  running_port=$(cat "$port_file" 2>/dev/null || true)
  [[ "$running_port" == "$port" ]] \
    || fail "DynamoDB Local from $data_dir already runs on port ${running_port:-?}; stop.sh $data_dir first"
  echo "start.sh: DynamoDB Local already running (PID $(cat "$pid_file")) on port $port" >&2
else
  start_server
fi

if [[ -n "${DYNAMODB_LOCAL_INIT:-}" ]]; then
  echo "start.sh: running $DYNAMODB_LOCAL_INIT $endpoint" >&2
  DYNAMODB_ENDPOINT=$endpoint "$DYNAMODB_LOCAL_INIT" "$endpoint" >&2 \
    || fail "$DYNAMODB_LOCAL_INIT failed; DynamoDB Local keeps running (stop.sh $data_dir)"
fi
echo "DYNAMODB_ENDPOINT=$endpoint"

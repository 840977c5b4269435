# Functions shared by the start.sh scripts of infra/ (sourced, not run). A started background process
# is recorded as <name>.pid and <name>.started (its start time as ps prints it); stop-recorded-process.sh
# uses the same files, so a PID reused by another process is never taken for ours.
# The caller sets pid_file and started_file before calling running.

# The start time of process $1 as ps prints it, or nothing if it is not running.
started_at() {
  ps -o lstart= -p "$1" 2>/dev/null || true
}

# Whether the process recorded in $pid_file / $started_file is still the process it was.
running() {
  [[ -s "$pid_file" && -s "$started_file" ]] || return 1
  local now
  now=$(started_at "$(cat "$pid_file")")
  [[ -n "$now" && "$now" == "$(cat "$started_file")" ]]
}

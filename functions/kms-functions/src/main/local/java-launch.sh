# Sourced by ./kms-local (and by the benchmarks' netty-server.sh, so that its baselines run on the same
# Java with the same options): which Java, and the JVM options the local server starts with. Defines
# functions, one array and the path of jvm.options; the caller runs the functions.

# jvm.options beside this file, by the path it was sourced by (no subshell: every start would pay it).
jvm_options_file=${BASH_SOURCE[0]%/*}/jvm.options

# The server's default JVM options (heap, GC), from jvm.options: one per line, '#' comments. Sets
# the array jvm_options.
# (Trimmed in bash: a subshell per line would add tens of milliseconds to every start.)
read_jvm_options() {
  local line
  jvm_options=()
  while IFS= read -r line; do
    line="${line%%#*}"
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    if [ -n "$line" ]; then jvm_options+=("$line"); fi
  done <"$jvm_options_file"
}

# Which Java: KMS_JAVA when set; else Java 25 when the machine has it (its AOT cache starts the server
# fastest), found as `java` or beside it under /usr/lib/jvm; else `java` (17 or later).
# The feature release of a java (17, 25, ...), empty when there is none: read from its JDK's
# `release` file, else asked with -version (a JVM start, about 35 ms, which every start would pay).
java_feature() {
  local path home line version=""
  path=$(command -v "$1" 2>/dev/null) || return 0
  home=$(readlink -f "$path")
  home=${home%/bin/java}
  if [ -r "$home/release" ]; then
    while IFS= read -r line; do
      case "$line" in JAVA_VERSION=*) version=${line#JAVA_VERSION=\"}; version=${version%%[!0-9]*} ;; esac
    done <"$home/release"
  fi
  if [ -z "$version" ]; then
    version=$("$1" -XX:+IgnoreUnrecognizedVMOptions -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$version"
}
pick_java() { # sets java and feature
  if [ -n "${KMS_JAVA:-}" ]; then java=$KMS_JAVA; feature=$(java_feature "$java"); return; fi
  local candidate candidate_feature
  java=java; feature=""
  for candidate in java ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*-25*/bin/java; do
    candidate_feature=$(java_feature "$candidate")
    if [ "$candidate" = java ]; then feature=$candidate_feature; fi # the fallback: `java` itself
    if [ "${candidate_feature:-0}" -ge 25 ] 2>/dev/null; then java=$candidate; feature=$candidate_feature; return; fi
  done
}

# Java 25 with its AOT cache: the cache's training profiles would send the start-up methods to C2 at
# once, and on one or two cores C2 then competes with the first request. Without replaying them, and
# with C2's thresholds doubled, start to first Encrypt fell from 1,386/1,153 to 1,039/960 ms on one
# core and 901 to 637 ms on two (two matrix runs), at the same CPU per request under load. Higher
# thresholds (x3, x10) started faster still but cost up to 22 % more CPU per request at one caller.
# AOTReplayTraining is a diagnostic flag of JDK 25's AOT cache: pass these on Java 25 only.
java25_aot_jit_options=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining
  -XX:Tier4InvocationThreshold=10000 -XX:Tier4MinInvocationThreshold=1200
  -XX:Tier4CompileThreshold=30000 -XX:Tier4BackEdgeThreshold=80000)

#!/usr/bin/env bash
# Removes what init-token.sh created in <dir>: its softhsm2.conf and the tokens/ directory (every
# token in it, with its keys). Refuses to touch a directory init-token.sh did not set up.
#
# usage: cleanup.sh <dir>
set -euo pipefail

readonly MARKER="# written by infra/softhsm/init-token.sh"

fail() {
  echo "cleanup.sh: $*" >&2
  exit 1
}

[[ $# -eq 1 ]] || fail "usage: $0 <dir>"
dir=$1
conf="$dir/softhsm2.conf"

[[ -e "$dir" ]] || exit 0
if [[ ! -e "$conf" ]]; then
  [[ ! -e "$dir/tokens" ]] || fail "$dir/tokens exists without $conf; not removing it"
  exit 0
fi
head -n 1 "$conf" | grep -qxF "$MARKER" || fail "$conf was not written by init-token.sh; not removing anything"

rm -rf -- "$dir/tokens"
rm -f -- "$conf"
rmdir -- "$dir" 2>/dev/null || true

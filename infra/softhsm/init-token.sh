#!/usr/bin/env bash
# Initialises a SoftHSM2 token in a directory of its own, for local runs and tests of the PKCS#11
# enclave (functions/kms-enclave, Pkcs11RootKey). Tokens never go to the system-wide /var/lib/softhsm.
#
# usage: SOFTHSM2_USER_PIN=<pin> SOFTHSM2_SO_PIN=<so-pin> init-token.sh <dir> [token-label]
#
#   <dir>          created if missing; receives softhsm2.conf and tokens/
#   [token-label]  default serverless-kms (at most 32 characters)
#   PINs           4 to 255 characters; taken from the environment so they stay out of shell history
#
# Idempotent: if <dir> already holds a token with that label, it is reused (and the PINs unused).
# Prints two shell assignments, for `eval "$(init-token.sh ...)"`:
#   SOFTHSM2_CONF=<dir>/softhsm2.conf   export it before starting the enclave: libsofthsm2 reads it
#   SOFTHSM2_SLOT=<slot id>             SoftHSM2 moves a new token to a random slot id; configure this one
#
# cleanup.sh <dir> removes what this script created.
set -euo pipefail

readonly MARKER="# written by infra/softhsm/init-token.sh"

fail() {
  echo "init-token.sh: $*" >&2
  exit 1
}

[[ $# -ge 1 && $# -le 2 ]] || fail "usage: SOFTHSM2_USER_PIN=... SOFTHSM2_SO_PIN=... $0 <dir> [token-label]"
command -v softhsm2-util >/dev/null \
  || fail "softhsm2-util not found: install SoftHSM2 (Debian/Ubuntu: apt-get install -y softhsm2)"

dir=$1
label=${2:-serverless-kms}
(( ${#label} >= 1 && ${#label} <= 32 )) || fail "the token label must have 1 to 32 characters"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf="$dir/softhsm2.conf"
if [[ -e "$conf" ]] && ! head -n 1 "$conf" | grep -qxF "$MARKER"; then
  fail "$conf exists and was not written by this script; refusing to overwrite it"
fi
mkdir -p -m 700 "$dir/tokens"
cat >"$conf" <<CONF
$MARKER
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
export SOFTHSM2_CONF="$conf"

# Prints the slot id of the token labelled $1, if there is one.
slot_of() {
  softhsm2-util --show-slots | awk -v want="$1" '
    /^Slot / { slot = $2 }
    /^[[:space:]]+Label:/ {
      sub(/^[[:space:]]+Label:[[:space:]]*/, ""); sub(/[[:space:]]+$/, "")
      if ($0 == want) { print slot; exit }
    }'
}

slot=$(slot_of "$label")
if [[ -z "$slot" ]]; then
  [[ -n "${SOFTHSM2_USER_PIN:-}" && -n "${SOFTHSM2_SO_PIN:-}" ]] \
    || fail "set SOFTHSM2_USER_PIN and SOFTHSM2_SO_PIN (4 to 255 characters) to initialise a token"
  softhsm2-util --init-token --free --label "$label" \
    --so-pin "$SOFTHSM2_SO_PIN" --pin "$SOFTHSM2_USER_PIN" >/dev/null \
    || fail "softhsm2-util could not initialise token '$label' in $dir/tokens"
  slot=$(slot_of "$label")
  [[ -n "$slot" ]] || fail "token '$label' was initialised but does not show in softhsm2-util --show-slots"
fi

echo "SOFTHSM2_CONF=$conf"
echo "SOFTHSM2_SLOT=$slot"

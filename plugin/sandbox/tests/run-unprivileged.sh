#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs sandbox test programs as an unprivileged user: what `pmat-host analyze --engine claude`
# gets for a developer or a CI job that is not root (no identity switch, the caller's own ids
# mapped in the user namespace, no cgroup unless delegated). As root (CI), each program runs under
# setpriv as uid:gid PMAT_UNPRIVILEGED_ID (default 65533: no passwd entry needed, not the
# 65534 root's workers use) with no supplementary groups and no capabilities, in a private
# HOME; as anyone else, as that user directly. Root-only cases say Boost's "is skipped because
# precondition failed", which .ci/check-skips reports (and .ci/expected-skips allows here alone).
#
#   run-unprivileged.sh PROGRAM...      exit status: the first failing program's, else 0
set -euo pipefail
id=${PMAT_UNPRIVILEGED_ID:-65533}
programs=()
for program in "$@"; do programs+=("$(realpath "$program")"); done
home=$(mktemp -d /tmp/pmat-unprivileged-XXXXXX)
trap 'rm -rf "$home"' EXIT
cd "$home"

run() { # PROGRAM: runs it as the unprivileged user, in $home
  if [ "$(id -u)" -ne 0 ]; then
    env HOME="$home" "$1" --log_level=test_suite
    return
  fi
  setpriv --reuid="$id" --regid="$id" --clear-groups --inh-caps=-all --bounding-set=-all \
    env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 "$1" --log_level=test_suite
}

[ "$(id -u)" -ne 0 ] || chown "$id:$id" "$home"
echo "running as uid $( [ "$(id -u)" -eq 0 ] && echo "$id (setpriv from root)" || id -u )"
status=0
for program in "${programs[@]}"; do
  echo "=== $(basename "$program")"
  run "$program" || { rc=$?; echo "=== $(basename "$program") FAILED ($rc)"; [ "$status" -ne 0 ] || status=$rc; }
done
exit "$status"

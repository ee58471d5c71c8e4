#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Whole-tree timing of the native analyzer against pmccabe on the same C tree, in the same run:
# every .c file under /usr/share/gnulib/lib (Debian gnulib). Each tool reads the files itself and
# writes its per-function report to /dev/null; the best of N runs of each is compared.
# When BUILD_DIR also holds bin/pmat-host, the end-to-end command is timed too, in the same run:
# `pmat-host analyze FILES --format json --engine native` over the same files as pmccabe, cold (a
# fresh cache and config directory per run) and warm (the same directory as a previous run).
# Usage: bench/native/compare-pmccabe.sh BUILD_DIR [RUNS]   (BUILD_DIR holds pmat_native_dump)
set -euo pipefail

build=${1:?usage: compare-pmccabe.sh BUILD_DIR [RUNS]}
runs=${2:-5}
tree=/usr/share/gnulib/lib
dump=$(find "$build" -name pmat_native_dump -type f -perm -u+x | head -n 1)
[ -z "$dump" ] || dump=$(realpath "$dump") # the runs cd into the tree
[ -n "$dump" ] || { echo "pmat_native_dump not found under $build (ninja pmat_native_dump)" >&2; exit 1; }
command -v pmccabe >/dev/null || { echo "pmccabe missing: apt-get install pmccabe" >&2; exit 1; }
[ -d "$tree" ] || { echo "$tree missing: apt-get install gnulib" >&2; exit 1; }

mapfile -t files < <(cd "$tree" && find . -name '*.c' -type f | sort)
bytes=$(cd "$tree" && cat "${files[@]}" | wc -c)

# Best wall-clock seconds of $runs runs of "$@" (run inside $tree).
best_of() {
  local best=""
  for _ in $(seq "$runs"); do
    local start end elapsed
    start=$(date +%s.%N)
    (cd "$tree" && "$@" >/dev/null 2>&1) || true # pmccabe exits 2 on files it cannot parse
    end=$(date +%s.%N)
    elapsed=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$elapsed < $best" | bc -l)" = 1 ]; then best=$elapsed; fi
  done
  echo "$best"
}

native=$(best_of "$dump" --lines --language c "${files[@]}")
reference=$(best_of pmccabe "${files[@]}")
printf 'tree: %s (%d files, %.1f MB), best of %d runs each\n' "$tree" "${#files[@]}" \
  "$(echo "$bytes / 1000000" | bc -l)" "$runs"
printf 'native analyzer (pmat_native_dump --lines)  : %.3f s  (%.1f MB/s)\n' "$native" \
  "$(echo "$bytes / 1000000 / $native" | bc -l)"
printf 'pmccabe:                                      %.3f s  (%.1f MB/s)\n' "$reference" \
  "$(echo "$bytes / 1000000 / $reference" | bc -l)"
printf 'ratio: native is %.2fx faster than pmccabe\n' "$(echo "$reference / $native" | bc -l)"

host=$build/bin/pmat-host
[ -x "$host" ] || exit 0
host=$(realpath "$host")
absolute=("${files[@]/#./$tree}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# One pmat-host run; a cold one starts from an empty cache directory.
analyze() {
  local state=$1
  [ "$state" = warm ] || rm -rf "$scratch/xdg"
  XDG_CACHE_HOME="$scratch/xdg/cache" XDG_CONFIG_HOME="$scratch/xdg/config" \
    "$host" analyze "${absolute[@]}" --format json --engine native --quiet
}
analyze cold >/dev/null 2>&1 || true # fills the directory the warm runs use
warm=$(best_of analyze warm)
cold=$(best_of analyze cold)
printf 'pmat-host analyze (same files) --format json --engine native, cold: %.3f s (%.2fx pmccabe), warm: %.3f s (%.2fx)\n' \
  "$cold" "$(echo "$reference / $cold" | bc -l)" "$warm" "$(echo "$reference / $warm" | bc -l)"

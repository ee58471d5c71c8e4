#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Whole-tree timing of pmat against pmccabe on the same C files, in the same run.
#   1. The native analyzer alone (pmat_native_dump --lines) against pmccabe: every .c file under
#      /usr/share/gnulib/lib (Debian gnulib).
#   2. When BUILD_DIR holds bin/pmat-host, the end-to-end command as a user runs it,
#      `pmat-host analyze DIR --format json --engine native`, over a tree of those .c files (the
#      .h files left out, as pmccabe is given only the .c files), against `pmccabe FILES...`:
#      cold (a fresh cache and config directory per run) and warm (the directory of a previous
#      run), on gnulib and on gnulib x10 (the tree copied 10 times). The same files named one by
#      one on pmat-host's command line (as `find | xargs` does) are timed too.
#   3. One core: both tools pinned with taskset to the same CPU, pmat-host with --jobs 1.
# pmat-host loads BUILD_DIR's libpmat_claude.so from a directory of its own, as installed.
# Each figure on gnulib x10 is the best of RUNS runs, each on gnulib (x1) the best of 4 x RUNS: a
# run of ~40 ms needs more tries than one of ~0.3 s for its best to be a run the machine did not
# disturb. Both tools always get the same number. Wall and CPU (user + sys) are each the best of
# their own runs, to the millisecond (bash's time). Both tools write their report to /dev/null. The
# machine's load average is printed before and after: on a shared machine wall times measure
# the machine, CPU times the tools.
# Usage: bench/native/compare-pmccabe.sh BUILD_DIR [RUNS]   (BUILD_DIR holds pmat_native_dump)
set -euo pipefail

build=${1:?usage: compare-pmccabe.sh BUILD_DIR [RUNS]}
base_runs=${2:-5}
runs=$((base_runs * 4)) # gnulib (x1); gnulib x10 below sets runs=$base_runs
tree=/usr/share/gnulib/lib
dump=$(find "$build" -name pmat_native_dump -type f -perm -u+x | head -n 1)
[ -z "$dump" ] || dump=$(realpath "$dump") # the runs cd into the tree
[ -n "$dump" ] || { echo "pmat_native_dump not found under $build (ninja pmat_native_dump)" >&2; exit 1; }
command -v pmccabe >/dev/null || { echo "pmccabe missing: apt-get install pmccabe" >&2; exit 1; }
[ -d "$tree" ] || { echo "$tree missing: apt-get install gnulib" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

# Runs "$@" $runs times inside directory $dir and prints "best_wall best_cpu" in seconds
# (the best of each over the runs; cpu = user + sys of the process and its threads). With
# BEFORE_EACH set, that command runs before each run, outside the timing.
dir=$tree
TIMEFORMAT='%3R %3U %3S'
best_of() {
  local best_wall="" best_cpu=""
  for _ in $(seq "$runs"); do
    [ -z "${BEFORE_EACH:-}" ] || $BEFORE_EACH
    # pmccabe exits 2 on files it cannot parse; pmat-host 1 when the quality gate fails.
    { time (cd "$dir" && "$@" >/dev/null 2>&1 || true); } 2>"$scratch/time"
    read -r wall user sys <"$scratch/time"
    local cpu
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then best_cpu=$cpu; fi
  done
  echo "$best_wall $best_cpu"
}
ratio() { echo "$1 / $2" | bc -l; }

# One timed run of "$@" inside $dir: sets last_wall and last_cpu (seconds).
time_once() {
  { time (cd "$dir" && "$@" >/dev/null 2>&1 || true); } 2>"$scratch/time"
  local user sys
  read -r last_wall user sys <"$scratch/time"
  last_cpu=$(echo "$user + $sys" | bc -l)
}
# Keeps the best wall and CPU seen under name $1 (in best_wall[$1], best_cpu[$1]).
declare -A best_wall best_cpu
keep_best() {
  if [ -z "${best_wall[$1]:-}" ] || [ "$(echo "$last_wall < ${best_wall[$1]}" | bc -l)" = 1 ]; then
    best_wall[$1]=$last_wall
  fi
  if [ -z "${best_cpu[$1]:-}" ] || [ "$(echo "$last_cpu < ${best_cpu[$1]}" | bc -l)" = 1 ]; then
    best_cpu[$1]=$last_cpu
  fi
}

mapfile -t files < <(cd "$tree" && find . -name '*.c' -type f | sort)
bytes=$(cd "$tree" && cat "${files[@]}" | wc -c)
read -r native native_cpu < <(best_of "$dump" --lines --language c "${files[@]}")
read -r reference reference_cpu < <(best_of pmccabe "${files[@]}")
printf 'tree: %s (%d files, %.1f MB), best of %d runs each\n' "$tree" "${#files[@]}" \
  "$(echo "$bytes / 1000000" | bc -l)" "$runs"
printf 'native analyzer (pmat_native_dump --lines)  : %.3f s  (%.1f MB/s)\n' "$native" \
  "$(echo "$bytes / 1000000 / $native" | bc -l)"
printf 'pmccabe:                                      %.3f s  (%.1f MB/s)\n' "$reference" \
  "$(echo "$bytes / 1000000 / $reference" | bc -l)"
printf 'ratio: native is %.2fx faster than pmccabe (wall), %.2fx (CPU: %.3f s vs %.3f s)\n' \
  "$(ratio "$reference" "$native")" "$(ratio "$reference_cpu" "$native_cpu")" "$native_cpu" \
  "$reference_cpu"

host=$build/bin/pmat-host
[ -x "$host" ] || exit 0
host=$(realpath "$host")
# pmat-host over $files (relative to $dir) with the cache and config under $scratch/xdg; a cold
# run starts from an empty one (fresh_cache before it).
# The plugin alone in its directory, as the packages install it: the build tree's plugin
# directory also holds the example plugin, which pmat-host would load (and stage) too.
mkdir "$scratch/plugins"
cp "$build/plugins/libpmat_claude.so" "$scratch/plugins/"
[ ! -f "$build/plugins/libpmat_claude.json" ] || cp "$build/plugins/libpmat_claude.json" "$scratch/plugins/"
plugin_dir=(--plugin-dir "$scratch/plugins")
# Exported rather than passed through env(1): an env process in front of every run would be
# timed as pmat-host's (~0.7 ms, 2 % of a gnulib run). pmccabe does not read them.
export XDG_CACHE_HOME="$scratch/xdg/cache" XDG_CONFIG_HOME="$scratch/xdg/config"
analyze=("$host" analyze --format json --engine native --quiet "${plugin_dir[@]}")
fresh_cache() { rm -rf "$scratch/xdg"; }

# End to end on the current $dir (a tree of .c files) and $files (those files) against pmccabe.
# The runs are interleaved, a round of pmccabe, cold, warm and the files named at a time, so that
# a slow stretch of a shared machine falls on every figure alike instead of on whichever came
# then (2 cores: a busy neighbour costs two threads more than one).
end_to_end() {
  local label=$1
  best_wall=() best_cpu=()
  for _ in $(seq "$runs"); do
    time_once pmccabe "${files[@]}" && keep_best pmccabe
    fresh_cache && time_once "${analyze[@]}" . && keep_best cold
    time_once "${analyze[@]}" . && keep_best warm # the cold run's cache and config
    fresh_cache && time_once "${analyze[@]}" "${files[@]}" && keep_best list
  done
  printf '%s (%d files, best of %d): pmccabe %.3f s wall, %.3f s CPU\n' "$label" "${#files[@]}" \
    "$runs" "${best_wall[pmccabe]}" "${best_cpu[pmccabe]}"
  local name text
  for name in cold warm list; do
    case $name in
      cold) text='analyze DIR --format json --engine native, cold:' ;;
      warm) text='analyze DIR --format json --engine native, warm:' ;;
      list) text='analyze FILES... (named one by one), cold:    ' ;;
    esac
    printf '  pmat-host %s %.3f s wall (%.2fx pmccabe), %.3f s CPU (%.2fx)\n' "$text" \
      "${best_wall[$name]}" "$(ratio "${best_wall[pmccabe]}" "${best_wall[$name]}")" \
      "${best_cpu[$name]}" "$(ratio "${best_cpu[pmccabe]}" "${best_cpu[$name]}")"
  done
}

# The .c files of gnulib in a tree of their own (pmat-host walks a directory; pmccabe is named
# the same files).
mkdir "$scratch/gnulib"
(cd "$tree" && cp --parents "${files[@]}" "$scratch/gnulib/")
dir=$scratch/gnulib
end_to_end "end to end, gnulib"

# One core: the same CPU for both, pmat-host on one analysis thread.
if command -v taskset >/dev/null; then
  read -r pin_pm_wall pin_pm_cpu < <(best_of taskset -c 0 pmccabe "${files[@]}")
  read -r pin_wall pin_cpu < <(BEFORE_EACH=fresh_cache best_of taskset -c 0 "${analyze[@]}" \
    --jobs 1 .)
  printf 'one core (taskset -c 0, --jobs 1), gnulib: pmccabe %.3f s wall / %.3f s CPU, pmat-host %.3f s / %.3f s: %.2fx / %.2fx pmccabe\n' \
    "$pin_pm_wall" "$pin_pm_cpu" "$pin_wall" "$pin_cpu" "$(ratio "$pin_pm_wall" "$pin_wall")" \
    "$(ratio "$pin_pm_cpu" "$pin_cpu")"
fi

# gnulib x10: ten copies of that tree.
runs=$base_runs
mkdir "$scratch/gnulib10"
for i in $(seq 0 9); do cp -r "$scratch/gnulib" "$scratch/gnulib10/gnulib-$i"; done
dir=$scratch/gnulib10
mapfile -t files < <(cd "$dir" && find . -name '*.c' -type f | sort)
end_to_end "end to end, gnulib x10"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

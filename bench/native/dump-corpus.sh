#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes the native analyzer's full JSON result (pmat_native_dump, one line per file) for every
# file of the corpora the native tests read, so that a change meant to keep the output (a lexer
# speed-up, a refactor) can be checked byte for byte: run it before and after, then `diff -r`.
# Corpora: gnulib's C sources and headers (Debian `gnulib`), the Rust, Python and JavaScript trees
# of the robustness test, and this repository's own C/C++ and TypeScript sources.
# The repository tree is PMAT_DUMP_REPO_TREE when set: point it at a fixed copy (e.g.
# `git archive HEAD | tar -x -C DIR`) when the change being checked edits the sources themselves.
# Usage: bench/native/dump-corpus.sh BUILD_DIR OUT_DIR
set -euo pipefail

build=${1:?usage: dump-corpus.sh BUILD_DIR OUT_DIR}
out=${2:?usage: dump-corpus.sh BUILD_DIR OUT_DIR}
repo=${PMAT_DUMP_REPO_TREE:-$(cd "$(dirname "$0")/../.." && pwd)}
dump=$(find "$build" -name pmat_native_dump -type f -perm -u+x | head -n 1)
[ -n "$dump" ] || { echo "pmat_native_dump not found under $build (ninja pmat_native_dump)" >&2; exit 1; }
dump=$(realpath "$dump") # the runs cd into each tree
mkdir -p "$out"

# corpus name, root, find expression
dump_tree() {
  local name=$1 root=$2
  shift 2
  [ -d "$root" ] || { echo "$root missing (packaging/install-deps.sh installs it)" >&2; exit 1; }
  (cd "$root" && find . -type f \( "$@" \) -print0 | sort -z | xargs -0 -r "$dump") \
    >"$out/$name.jsonl"
  printf '%-10s %6d files  %s\n' "$name" "$(wc -l <"$out/$name.jsonl")" "$root"
}

dump_tree gnulib /usr/share/gnulib/lib -name '*.c' -o -name '*.h'
dump_tree rust /usr/share/cargo/registry -name '*.rs'
dump_tree python /usr/lib/python3/dist-packages -name '*.py'
dump_tree npm /usr/lib/node_modules/npm -name '*.js'
dump_tree repo "$repo" -path ./build -prune -false -o -path '*/node_modules' -prune -false \
  -o -name '*.cpp' -o -name '*.hpp' -o -name '*.c' -o -name '*.h' -o -name '*.ts'

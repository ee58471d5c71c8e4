#!/bin/sh
# SPDX-License-Identifier: MIT
# The constant-naming rule of .clang-tidy (readability-identifier-naming: constants are
# k_lower_case, docs/coding-style.md), checked or applied over the project's own sources.
#
#   packaging/tools/apply-naming.sh [--check] [--tests] [--files REGEX] [-j N] [-p BUILD_DIR]
#
# Without --check it renames (clang-tidy --fix per translation unit, the fixes exported and then
# applied once with clang-apply-replacements, so a header shared by many units is edited once).
# Re-runnable: a tree that already follows the rule gets no change. --check prints the
# violations and exits 1 when there is one. Sources: the compilation database's files under the
# project (build trees, node_modules and third-party excluded); test sources only with --tests;
# --files keeps the paths matching REGEX (grep -E).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build/release"
jobs=2
check=0
tests=0
files_regex=""
while [ $# -gt 0 ]; do
   case "$1" in
   --check) check=1 ;;
   --tests) tests=1 ;;
   --files) files_regex=$2; shift ;;
   -j) jobs=$2; shift ;;
   -p) build=$2; shift ;;
   *) echo "apply-naming.sh: unknown argument $1" >&2; exit 2 ;;
   esac
   shift
done
[ -f "$build/compile_commands.json" ] || {
   echo "apply-naming.sh: no $build/compile_commands.json (configure first)" >&2
   exit 2
}
list=$(mktemp)
fixes=$(mktemp -d)
database=$(mktemp -d)
trap 'rm -rf "$list" "$fixes" "$database"' EXIT
# The build's database without the GCC-only flags clang does not know (-fno-gnu-unique), which
# would otherwise be an error in every translation unit.
python3 - "$build/compile_commands.json" "$root" "$tests" "$database" > "$list" <<'PY'
import json, os, sys
source, root, tests, out = sys.argv[1], sys.argv[2].rstrip("/") + "/", sys.argv[3] == "1", sys.argv[4]
entries = json.load(open(source))
for entry in entries:
    entry["command"] = entry.get("command", "").replace(" -fno-gnu-unique", "")
json.dump(entries, open(os.path.join(out, "compile_commands.json"), "w"))
seen = set()
for entry in entries:
    path = entry["file"]
    relative = path[len(root):] if path.startswith(root) else None
    if relative is None or relative.startswith("build") or "node_modules/" in relative:
        continue
    if not tests and ("/tests/" in relative or "/fuzz/" in relative):
        continue
    if path not in seen:
        seen.add(path)
        print(path)
PY
if [ -n "$files_regex" ]; then
   grep -E "$files_regex" "$list" > "$list.kept" || true
   mv "$list.kept" "$list"
fi
echo "apply-naming.sh: $(wc -l < "$list") translation units, -j $jobs" >&2
if [ "$check" = 1 ]; then
   # clang-tidy exits non-zero on a violation (WarningsAsErrors in .clang-tidy).
   xargs -P "$jobs" -n 1 clang-tidy -p "$database" --quiet < "$list" 2>/dev/null |
      grep -E "error: .*\[readability-identifier-naming" | sort -u > "$fixes/violations" || true
   cat "$fixes/violations"
   count=$(wc -l < "$fixes/violations")
   echo "apply-naming.sh: $count naming violations" >&2
   [ "$count" = 0 ]
   exit
fi
n=0
while read -r file; do
   n=$((n + 1))
   printf '%s\n%s\n' "$file" "$fixes/$n.yaml"
done < "$list" | xargs -P "$jobs" -n 2 sh -c \
   'clang-tidy -p "$0" --quiet --export-fixes="$2" "$1" > /dev/null 2>&1 || true' "$database"
# clang-tidy keeps a kCamel name's "k" when it adds the prefix (kMaxLevel -> k_k_max_level):
# drop the doubled prefix in the replacements before applying them.
find "$fixes" -name '*.yaml' -exec sed -E -i "s/(ReplacementText:[[:space:]]*'?)k_k_/\1k_/" {} +
clang-apply-replacements --remove-change-desc-files "$fixes"
echo "apply-naming.sh: fixes applied; rebuild, then run it with --check" >&2

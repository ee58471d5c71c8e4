#!/bin/sh
# SPDX-License-Identifier: MIT
# The naming guard catches what it is for: a tree with a kCamel and a plain constexpr constant
# fails with both named; the same tree with k_lower_case names passes.
# Usage: naming-guard-catch.sh PYTHON GUARD
set -eu
python=$1
guard=$2
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/src"
cat >"$tree/src/bad.cpp" <<'EOF'
constexpr int kLimit = 4;
static constexpr double plain_ratio = 0.5;
constexpr int square(int x) { return x * x; }
void f() { if constexpr (kLimit > 2) {} }
EOF
if "$python" "$guard" "$tree" >"$tree/out" 2>/dev/null; then
   echo "the guard passed a tree with two misnamed constants" >&2
   exit 1
fi
grep -q "'kLimit'" "$tree/out" && grep -q "'plain_ratio'" "$tree/out" || {
   echo "the guard did not name both constants:" >&2
   cat "$tree/out" >&2
   exit 1
}
[ "$(wc -l <"$tree/out")" -eq 2 ] || { echo "more than the two constants reported:" >&2; cat "$tree/out" >&2; exit 1; }
sed -i 's/kLimit/k_limit/g; s/plain_ratio/k_plain_ratio/' "$tree/src/bad.cpp"
"$python" "$guard" "$tree" >/dev/null 2>&1 || { echo "the guard refused a tree that follows the rule" >&2; exit 1; }
echo "naming guard: catches kCamel and plain constexpr names, passes k_lower_case"

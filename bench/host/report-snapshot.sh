#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes what a user of pmat-host sees, for a change that must not alter it (a refactor of the
# result path, of the report, of a front): run it before and after, then `diff -r BEFORE AFTER`.
#   - `pmat-host analyze --engine native` in the text, JSON and SARIF formats (stdout and the exit
#     code) over the robustness corpora of bench/native/dump-corpus.sh (gnulib, Rust, Python,
#     JavaScript) and over this repository's plugin/ and host-shim/ trees at a fixed revision;
#   - a change's review (`analyze --diff`) of edits to that tree, and `--engine claude` with no
#     credentials (every file answered native with its fallback_reason);
#   - `pmat-host serve`: a few POST /v1/analyze bodies (buffer, file under the root, strict
#     profile, unsupported language, Claude wanted, a diff, bad requests), status and body;
#   - `pmat-host mcp` over stdio: analyze_code, analyze_path and analyze_diff.
#   - Claude's reviews (findings, fixes, refactorings, usage, cost) from the repository's fake
#     Anthropic API through the real bridge, a tree and a change in the three formats, one file at
#     a time (--jobs 1: which files share a request, and so each request record's usage, would
#     otherwise depend on timing).
# Normalised, because they differ from run to run by nature: the scratch directory's path in the
# HTTP and MCP answers, and each Claude answer's request.duration_ms. The real Anthropic API is
# never called: ANTHROPIC_* are unset, so outside the fake API's section Claude-wanted requests
# fall back to native.
# The repository tree is PMAT_SNAPSHOT_REV (default: the merge base of HEAD and main), extracted
# with `git archive`, so that before and after analyse the same sources whatever the change edits.
# Usage: bench/host/report-snapshot.sh BUILD_DIR OUT_DIR
set -euo pipefail

build=${1:?usage: report-snapshot.sh BUILD_DIR OUT_DIR}
out=${2:?usage: report-snapshot.sh BUILD_DIR OUT_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
host=$(realpath "$build/bin/pmat-host")
[ -x "$host" ] || { echo "$build/bin/pmat-host missing (cmake --build --preset release)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl missing" >&2; exit 1; }
rev=${PMAT_SNAPSHOT_REV:-$(git -C "$repo" merge-base HEAD main)}
mkdir -p "$out"
out=$(realpath "$out")

scratch=$(mktemp -d)
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
unset ANTHROPIC_API_KEY ANTHROPIC_AUTH_TOKEN ANTHROPIC_BASE_URL CLAUDE_CODE_OAUTH_TOKEN
export XDG_CACHE_HOME=$scratch/xdg/cache XDG_CONFIG_HOME=$scratch/xdg/config

tree=$scratch/tree
mkdir -p "$tree"
git -C "$repo" archive "$rev" plugin host-shim | tar -x -C "$tree"

# name, directory, then pmat-host analyze's arguments: stdout to NAME.out, exit code appended.
analyze() {
  local name=$1 dir=$2 code=0
  shift 2
  (cd "$dir" && "$host" analyze --quiet "$@" >"$out/$name.out" 2>"$scratch/stderr") || code=$?
  echo "exit $code" >>"$out/$name.out"
  printf '%-28s exit %d, %d bytes\n' "$name" "$code" "$(wc -c <"$out/$name.out")"
}

corpus() {
  local name=$1 dir=$2
  [ -d "$dir" ] || { echo "$dir missing (packaging/install-deps.sh installs it)" >&2; exit 1; }
  for format in text json sarif; do
    analyze "$name.$format" "$dir" --engine native --format "$format" .
  done
}

corpus gnulib /usr/share/gnulib/lib
corpus rust /usr/share/cargo/registry
corpus python /usr/lib/python3/dist-packages
corpus npm /usr/lib/node_modules/npm
corpus plugin "$tree/plugin"
corpus host-shim "$tree/host-shim"
analyze plugin.strict.json "$tree/plugin" --engine native --profile strict --format json .
analyze plugin.claude.text "$tree/plugin/src" --engine claude --format text .
analyze plugin.claude.json "$tree/plugin/src" --engine claude --format json .
analyze plugin.gate.text "$tree/plugin" --engine native --format text --fail-on-violation .
analyze missing.json "$tree/plugin" --engine native --format json src/utf8.cpp no/such.c
analyze missing.sarif "$tree/plugin" --engine native --format sarif src/utf8.cpp no/such.c

# A change's review: the tree committed, then a few files edited, renamed and removed.
review=$scratch/review
cp -r "$tree/plugin" "$review"
(
  cd "$review"
  git init -q && git add -A && git -c user.name=s -c user.email=s@s commit -qm base
  sed -i 's/return /return 0 + /' src/request_flow.cpp native/src/gate.cpp
  printf '// TODO: remove\nint added(int a) { if (a) { while (a--) {} } return a; }\n' >>src/utf8.cpp
  git mv src/version.cpp src/version_renamed.cpp
  git rm -q src/runtime.hpp
)
for format in text json sarif; do
  analyze "review.$format" "$review" --engine native --format "$format" --diff HEAD
done
analyze review.gate.text "$review" --engine native --format text --diff HEAD --fail-on-violation

# Claude's reviews, from the repository's fake Anthropic API on 127.0.0.1 ("review": findings with
# fixes that apply and fixes that misquote, refactorings, usage and cost) through the real
# bridge and sandbox: a whole tree and a change, in the three formats. Skipped (said on stdout)
# without node or a built bridge (cd bridge && npm ci && npm run build).
if command -v node >/dev/null && [ -f "$repo/bridge/dist/index.js" ]; then
  coproc FAKE { node "$repo/plugin/tests/e2e/fake_api_server.mjs" review; }
  read -r fake_line <&"${FAKE[0]}"
  fake_port=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["port"])' "$fake_line")
  (
    export ANTHROPIC_BASE_URL="http://127.0.0.1:$fake_port" ANTHROPIC_API_KEY=test-key-not-real \
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 PMAT_CLAUDE_BRIDGE="$repo/bridge/dist/index.js" \
      PMAT_CLAUDE_NODE="$(command -v node)" PMAT_CLAUDE_INIT_TIMEOUT_MS=10000
    for format in text json sarif; do
      analyze "claude.$format" "$tree/plugin/src/claude" --engine claude --min-confidence 0 \
        --jobs 1 --format "$format" .
      analyze "claude-review.$format" "$review" --engine claude --jobs 1 --format "$format" \
        --diff HEAD
    done
  )
  exec {FAKE[1]}>&-
  wait "$FAKE_PID" 2>/dev/null || true
  # Each answer's request record says how long the call took: a timing, the same nowhere twice.
  sed -i -E 's/"duration_ms":[0-9]+/"duration_ms":N/g' "$out"/claude*.out
else
  echo "claude: skipped (no node or no bridge/dist/index.js)"
fi

# pmat-host serve on an ephemeral port; the first stdout line is the port.
"$host" serve --listen 127.0.0.1:0 --allow-root "$tree" >"$scratch/port" 2>"$scratch/serve.log" &
server_pid=$!
for _ in $(seq 100); do [ -s "$scratch/port" ] && break; sleep 0.1; done
port=$(head -n 1 "$scratch/port")
[ -n "$port" ] || { cat "$scratch/serve.log" >&2; exit 1; }
post() {
  local name=$1 body=$2
  curl -s -o "$out/http.$name.body" -w '%{http_code}\n' -H 'Content-Type: application/json' \
    --data-binary "$body" "http://127.0.0.1:$port/v1/analyze" >"$out/http.$name.status"
  printf '%-28s HTTP %s\n' "http.$name" "$(cat "$out/http.$name.status")"
}
c_source='int f(int a) {\n  // FIXME: later\n  if (a > 1 && a < 9) { for (;;) { if (a) break; } }\n  return a;\n}\n'
post buffer "{\"content\":\"$c_source\",\"language\":\"c\",\"path\":\"x.c\",\"engine\":\"native\"}"
post strict "{\"content\":\"$c_source\",\"language\":\"c\",\"profile\":\"strict\",\"engine\":\"native\"}"
post file "{\"path\":\"$tree/plugin/src/request_flow.cpp\",\"engine\":\"native\"}"
post big "{\"path\":\"$tree/plugin/native/src/lexer.cpp\",\"engine\":\"native\"}"
post unsupported "{\"content\":\"x\",\"path\":\"notes.txt\",\"engine\":\"native\"}"
post claude "{\"content\":\"$c_source\",\"language\":\"c\",\"engine\":\"claude\"}"
post require "{\"content\":\"$c_source\",\"language\":\"c\",\"engine\":\"claude\",\"require_claude\":true}"
post bad_profile "{\"content\":\"$c_source\",\"language\":\"c\",\"profile\":\"nope\"}"
post outside "{\"path\":\"/etc/hostname\"}"
diff_text='diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -2 +2 @@\n-  // old\n+  // FIXME: later\n'
post diff "{\"diff\":\"$diff_text\",\"files\":{\"x.c\":\"$c_source\"},\"engine\":\"native\"}"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""

# pmat-host mcp: the requests on stdin; the answers come in any order, so they are sorted by id.
{
  echo '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"snapshot","version":"1"}}}'
  echo '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  echo "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"analyze_code\",\"arguments\":{\"content\":\"$c_source\",\"language\":\"c\",\"path\":\"x.c\",\"engine\":\"native\"}}}"
  echo "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"analyze_path\",\"arguments\":{\"path\":\"$tree/plugin/src\",\"engine\":\"native\"}}}"
  echo "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"analyze_diff\",\"arguments\":{\"diff\":\"$diff_text\",\"files\":{\"x.c\":\"$c_source\"},\"engine\":\"native\"}}}"
  echo "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"analyze_code\",\"arguments\":{\"content\":\"$c_source\",\"language\":\"c\",\"engine\":\"claude\",\"require_claude\":true}}}"
  echo "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"analyze_path\",\"arguments\":{\"path\":\"$tree/plugin/native/src\",\"engine\":\"native\",\"profile\":\"strict\"}}}"
} | (cd "$tree" && "$host" mcp --allow-root "$tree" 2>"$scratch/mcp.log") |
  python3 -c 'import json,sys; [print(l) for l in sorted(sys.stdin.read().splitlines(), key=lambda l: json.loads(l).get("id", -1))]' \
    >"$out/mcp.jsonl"
printf '%-28s %d answers\n' mcp "$(wc -l <"$out/mcp.jsonl")"
# The tree's path is in the answers that name files under it: made the same for every run.
sed -i "s|$tree|TREE|g" "$out"/http.* "$out/mcp.jsonl"

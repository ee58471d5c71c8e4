#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The three packages on a clean Debian 12 with Debian's own nodejs (18.20): a minbase root built
# from Debian's archive (mmdebstrap; bookworm, -updates, -security; no other repository), the
# three .deb installed with apt, which pulls everything else from that archive. Inside the root,
# entered with bwrap (pivot_root, so the sandbox's user namespaces and its nested /proc work):
#
#   1. pmat-host analyze on a sample, native engine;
#   2. pmat-host analyze --engine claude against the repository's fake Anthropic API on
#      127.0.0.1 (run by the root's node), through the sandboxed bridge: the result's engine is
#      claude and the fake saw the requests;
#   3. pmat-host plugins check;
#   4. the systemd unit's ExecStart line with its Environment=, run by hand in a private network
#      namespace: one analysis over HTTP; then the upgrade while serving: analyses run two at a
#      time while dpkg -i installs the +next packages (build-packages.sh --next), serve
#      hot-reloads the plugin, 0 non-2xx; SIGTERM, exit status 0;
#   5. apt-get purge of the three, autoremove --purge: the root's file list is the one before
#      (autoremove without RecommendsImportant: the root's apt recommends ca-certificates, which
#      nodejs pulled in, and would keep it and its openssl).
#
# Before the root: lintian --fail-on error on the three .deb. Then the RPMs (when built): rpm -qpR / -qpl / --provides, the same files as the .deb and the
# virtual ABI capability.
#
#   packaging/tests/clean-root-test.sh [BUILD_DIR]          (default build/release)
#
# Root only; network: deb.debian.org (and the npm registry when the packages are built). The
# packages are built with packaging/build-packages.sh first (gzip-compressed unless
# PMAT_DEB_COMPRESSION says otherwise), unless
# PMAT_CLEAN_ROOT_REUSE_PACKAGES=1 and BUILD_DIR/packages has them. The bootstrapped root is
# cached as a tarball, with apt's downloads, in $PMAT_CLEAN_ROOT_CACHE (default
# <repo>/build/clean-root-cache; rebuilt when older than 7 days). Logs: BUILD_DIR/packages/
# clean-root-test/. Registered with ctest as packaging_clean_root_debian12 (label packaging) when
# configured with -DPMAT_CLEAN_ROOT_TEST=ON; .ci/run runs it as its own stage.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath -m "${1:-$src/build/release}")
cache=${PMAT_CLEAN_ROOT_CACHE:-$src/build/clean-root-cache}
mirror=${PMAT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${PMAT_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
out=$build/packages/clean-root-test
root=$cache/root
base=$cache/bookworm-minbase.tar
start=$SECONDS

log() { printf '[clean-root] %4ds %s\n' "$((SECONDS - start))" "$*" >&2; }
fail() {
  log "FAILED: $*"
  exit 1
}

# ---- Inside the root ----------------------------------------------------------------------
in_root() { # COMMAND...: run in the root as root, with a clean environment
  bwrap --bind "$root" / --bind /proc /proc --dev-bind /dev /dev \
    --bind "$cache/apt-archives" /var/cache/apt/archives --die-with-parent \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

file_list() { # every path of the root but volatile, bookkeeping and test-fixture ones
  (cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys -o -path ./run \
    -o -path ./tmp -o -path ./var/tmp -o -path ./var/log -o -path ./var/cache/apt \
    -o -path ./var/cache/debconf -o -path ./var/cache/ldconfig -o -path ./var/lib/apt \
    -o -path ./var/lib/dpkg -o -path ./root \) -prune -o -print | sort)
}

prepare_root() {
  rm -rf "$root" && mkdir -p "$root" "$cache/apt-archives"
  tar -C "$root" -xf "$base"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mkdir -p "$root/root/pkgs" "$root/root/sample" "$root/root/fake/plugin/tests/e2e" \
    "$root/root/fake/bridge/test"
  cp "${debs[@]}" "$root/root/pkgs/"
  mkdir -p "$root/root/pkgs/next" && cp "$build"/packages/next/*.deb "$root/root/pkgs/next/"
  cp "$src/plugin/tests/e2e/fake_api_server.mjs" "$root/root/fake/plugin/tests/e2e/"
  cp "$src"/bridge/test/fake-*.mjs "$root/root/fake/bridge/test/" # the fake and its modules
  printf 'int clamp(int x, int lo, int hi) {\n  if (x < lo) return lo;\n  if (x > hi) return hi;\n  return x;\n}\n' \
    >"$root/root/sample/clamp.c"
}

install_packages() {
  in_root apt-get update -qq >"$out/apt-update.log" 2>&1 || fail "apt-get update (see apt-update.log)"
  file_list >"$out/files-before.txt"
  log "apt-get install of $(cd "$root/root/pkgs" && echo *.deb)"
  in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y /root/pkgs/*.deb' \
    >"$out/apt-install.log" 2>&1 || { tail -30 "$out/apt-install.log"; fail "apt-get install"; }
  cat "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/* 2>/dev/null |
    grep -v '^#' >"$out/apt-sources.txt" || true
  grep -v -e "$mirror" -e "$security" -e '^$' "$out/apt-sources.txt" && fail "a repository other than Debian's"
  in_root dpkg-query -W -f='${Package} ${Version}\n' nodejs libnode108 pmat-host \
    pmat-claude-plugin libpmat-plugin-api-dev | tee "$out/installed.txt" >&2
  grep -q '^nodejs 18\..*deb12' "$out/installed.txt" || fail "nodejs is not Debian 12's 18.x"
  in_root node --version >"$out/node-version.txt"
}

analyze_native() {
  in_root pmat-host analyze --format json /root/sample >"$out/native.json" 2>"$out/native.err" ||
    fail "pmat-host analyze (native): $(cat "$out/native.err")"
  grep -q '"total_files":1' "$out/native.json" || fail "native analyze did not report the sample"
  grep -q '"engine":"native"' "$out/native.json" || fail "native analyze: engine is not native"
  log "native analyze: $(grep -o '"total_functions":[0-9]*' "$out/native.json"), engine native"
}

analyze_claude() { # through the sandboxed bridge, against the fake API run by the root's node
  coproc FAKE { in_root node /root/fake/plugin/tests/e2e/fake_api_server.mjs ok 2>"$out/fake-api.err"; }
  local line port count
  read -r -t 60 -u "${FAKE[0]}" line || fail "the fake API did not start: $(cat "$out/fake-api.err")"
  port=$(sed -n 's/.*"port": *\([0-9]*\).*/\1/p' <<<"$line")
  log "fake Anthropic API on 127.0.0.1:$port (node $(cat "$out/node-version.txt"))"
  # The root is entered without /sys, so no cgroup can be made there: the run uses the
  # operator's documented opt-out (claude.sandbox_cgroup=off). Per-worker cgroups are tested on
  # the host by the sandbox suite (pmat_sandbox_sharing_test, pmat_sandbox_pool_test).
  in_root env ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=test-key-not-real \
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 PMAT_CLAUDE_INIT_TIMEOUT_MS=30000 PMAT_LOG=info \
    PMAT_CLAUDE_SANDBOX_CGROUP=off \
    pmat-host analyze --engine claude --format json /root/sample \
    >"$out/claude.json" 2>"$out/claude.err" || fail "pmat-host analyze --engine claude: $(tail -5 "$out/claude.err")"
  echo count >&"${FAKE[1]}"
  read -r -t 30 -u "${FAKE[0]}" line || fail "the fake API did not answer count"
  count=$(sed -n 's/.*"count": *\([0-9]*\).*/\1/p' <<<"$line")
  eval "exec ${FAKE[1]}>&-" # end of input: the fake closes and exits
  wait "$FAKE_PID" || true
  grep -q '"engine":"claude"' "$out/claude.json" ||
    fail "the result's engine is not claude: $(grep -o '"fallback_reason":"[^"]*"' "$out/claude.json") $(tail -3 "$out/claude.err")"
  [ "${count:-0}" -ge 1 ] || fail "the fake API saw no request"
  grep -q 'bridge worker sandboxed: ' "$out/claude.err" || fail "no sandboxed bridge worker in claude.err"
  log "claude analyze: engine claude, $count request(s) to the fake API; $(grep -o 'bridge worker sandboxed: .*' "$out/claude.err" | head -1)"
}

plugins_check() {
  in_root pmat-host plugins check >"$out/plugins-check.txt" 2>&1 || fail "plugins check: $(cat "$out/plugins-check.txt")"
  grep -q 'passes init and a smoke call' "$out/plugins-check.txt" || fail "plugins check: $(cat "$out/plugins-check.txt")"
  log "plugins check: $(tail -1 "$out/plugins-check.txt" | sed 's/^ *//')"
}

# The unit's ExecStart with its Environment= and the directories systemd would create, in a
# private network namespace (the unit's fixed port may be taken on a shared machine). serve's
# first stdout line, the bound port, says it listens.
run_exec_start() {
  local unit=$root/lib/systemd/system/pmat-host.service exec_start environment
  exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
  environment=$(sed -n 's/^Environment=//p' "$unit" | tr '\n' ' ')
  [ -n "$exec_start" ] || fail "no ExecStart in pmat-host.service"
  log "ExecStart=$exec_start (Environment=$environment)"
  cat >"$root/root/exec-start.sh" <<EOF
set -eu
mkdir -p /var/lib/pmat /var/cache/pmat /run/pmat
mkfifo /tmp/serve.out
env $environment $exec_start >/tmp/serve.out 2>/root/serve.err &
serve=\$!
exec 3</tmp/serve.out
read port <&3
node /root/http-check.mjs "127.0.0.1:\$port"
# The upgrade while serving: requests run while dpkg installs the +next packages; serve's watcher
# hot-reloads the plugin, and no request may fail.
mkfifo /tmp/load.out
node /root/upgrade-load.mjs "127.0.0.1:\$port" >/tmp/load.out &
load=\$!
exec 4</tmp/load.out
read running <&4
dpkg -i /root/pkgs/next/*.deb >/root/dpkg-upgrade.log 2>&1
cat <&4
wait \$load
kill -TERM \$serve
status=0
wait \$serve || status=\$?
echo "serve exited with status \$status"
EOF
  cat >"$root/root/http-check.mjs" <<'EOF'
// One analysis over HTTP and the status, from the served unit.
const base = `http://${process.argv[2]}`;
const body = { content: 'int f(int x) { if (x) return 1; return 0; }', language: 'c' };
const analysis = await fetch(`${base}/v1/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const text = await analysis.text();
if (analysis.status !== 200 || !text.includes('"engine":"native"')) throw new Error(`analyze: ${analysis.status} ${text}`);
const status = await (await fetch(`${base}/v1/status`)).json();
console.log(`${base}: POST /v1/analyze ${analysis.status}, engine native; serving ${status.generation?.version}`);
EOF
  cat >"$root/root/upgrade-load.mjs" <<'EOF'
// Analyses back to back (two at a time) until the served plugin's version has changed and one more
// second has passed; then one line: the versions, the request count and the non-2xx count.
// Exits 1 when a request failed, the version never changed (60 s) or nothing ran.
const base = `http://${process.argv[2]}`;
const body = JSON.stringify({ content: 'int f(int x) { if (x) return 1; return 0; }', language: 'c' });
const version = async () => (await (await fetch(`${base}/v1/status`)).json()).generation?.version;
const before = await version();
const codes = [];
let stop = false;
const worker = async () => {
  while (!stop) {
    const response = await fetch(`${base}/v1/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => null);
    codes.push(response?.status ?? 0);
    await response?.arrayBuffer();
  }
};
const workers = [worker(), worker()];
console.log('running');
const deadline = Date.now() + 60000;
let after = before;
while (after === before && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  after = await version();
}
await new Promise((resolve) => setTimeout(resolve, 1000));
stop = true;
await Promise.all(workers);
const failed = codes.filter((code) => code < 200 || code > 299).length;
console.log(`upgrade while serving: ${before} -> ${after}; requests: ${codes.length}, non-2xx: ${failed}`);
process.exit(failed === 0 && after !== before && codes.length > 0 ? 0 : 1);
EOF
  bwrap --bind "$root" / --bind /proc /proc --dev-bind /dev /dev --unshare-net --die-with-parent \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 sh /root/exec-start.sh \
    >"$out/exec-start.txt" 2>&1 || { cat "$out/exec-start.txt" "$root/root/serve.err"; fail "ExecStart by hand"; }
  grep -q 'serve exited with status 0' "$out/exec-start.txt" || fail "serve did not exit 0 on SIGTERM"
  grep -q 'next; requests: [1-9][0-9]*, non-2xx: 0$' "$out/exec-start.txt" ||
    fail "upgrade while serving: $(grep 'upgrade while serving' "$out/exec-start.txt")"
  log "ExecStart by hand: $(tr '\n' ' ' <"$out/exec-start.txt")"
}

purge_and_compare() {
  in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y pmat-claude-plugin pmat-host \
    libpmat-plugin-api-dev && DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y \
    -o APT::AutoRemove::RecommendsImportant=false' \
    >"$out/apt-purge.log" 2>&1 || { tail -20 "$out/apt-purge.log"; fail "apt-get purge"; }
  file_list >"$out/files-after.txt"
  ! ls "$root/var/lib/dpkg/info" | grep -q -e pmat -e libpmat || fail "dpkg still has pmat control files"
  if ! diff -u "$out/files-before.txt" "$out/files-after.txt" >"$out/files.diff"; then
    head -40 "$out/files.diff"
    fail "purge left files behind (or removed some): files.diff"
  fi
  log "purge + autoremove: the file list equals the one before the install ($(wc -l <"$out/files-after.txt") paths)"
}

# ---- The RPMs ---------------------------------------------------------------------------------
deb_files() { # the non-directory paths of a .deb
  dpkg-deb -c "$1" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' | sort
}

inspect_rpm() { # RPM DEB: requirements, provides, and the same files as the .deb
  local rpm=$1 deb=$2 name
  name=$(rpm -qp --qf '%{NAME}' "$rpm")
  rpm -qpR "$rpm" >"$out/rpm-$name.requires"
  rpm -qp --provides "$rpm" >"$out/rpm-$name.provides"
  rpm -qpl "$rpm" | sort >"$out/rpm-$name.files"
  deb_files "$deb" >"$out/deb-$name.files"
  comm -13 "$out/rpm-$name.files" "$out/deb-$name.files" >"$out/rpm-$name.missing"
  [ -s "$out/rpm-$name.missing" ] && fail "$name.rpm lacks files of the .deb: $(head -3 "$out/rpm-$name.missing")"
  log "rpm $name $(rpm -qp --qf '%{VERSION}-%{RELEASE} License: %{LICENSE}' "$rpm"): $(wc -l <"$out/deb-$name.files") files as in the .deb; requires: $(grep -v -e '^rpmlib(' -e '^/bin/sh' "$out/rpm-$name.requires" | tr '\n' ' ')| provides: $(tr '\n' ' ' <"$out/rpm-$name.provides")"
}

inspect_rpms() {
  local dir=$build/packages rpm
  ls "$dir"/*.rpm >/dev/null 2>&1 || { log "no RPMs in $dir (rpmbuild not installed?): RPM inspection skipped"; return 0; }
  inspect_rpm "$(ls "$dir"/pmat-host-*.rpm)" "$(ls "$dir"/pmat-host_*.deb)"
  inspect_rpm "$(ls "$dir"/pmat-claude-plugin-*.rpm)" "$(ls "$dir"/pmat-claude-plugin_*.deb)"
  inspect_rpm "$(ls "$dir"/pmat-plugin-api-devel-*.rpm)" "$(ls "$dir"/libpmat-plugin-api-dev_*.deb)"
  grep -qx 'pmat-plugin-abi-1' "$out/rpm-pmat-host.provides" || fail "pmat-host.rpm does not provide pmat-plugin-abi-1"
  grep -qx 'pmat-plugin-abi-1' "$out/rpm-pmat-claude-plugin.requires" || fail "the plugin rpm does not require pmat-plugin-abi-1"
  grep -q '^nodejs >= 18' "$out/rpm-pmat-claude-plugin.requires" || fail "the plugin rpm does not require nodejs >= 18"
  grep -q '^pmat-host = ' "$out/rpm-pmat-plugin-api-devel.requires" || fail "the devel rpm does not require pmat-host = version"
  log "RPMs: the ABI capability pmat-plugin-abi-1 is provided by pmat-host and required by the plugin"
}

# ---- Main ---------------------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || fail "needs root (mmdebstrap, apt and dpkg in the root)"
for tool in mmdebstrap bwrap dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing (packaging/install-deps.sh installs it)"
done
mkdir -p "$cache" "$build/packages"
if [ "${PMAT_CLEAN_ROOT_REUSE_PACKAGES:-0}" = 1 ] && ls "$build"/packages/pmat-host_*.deb >/dev/null 2>&1; then
  log "reusing the packages in $build/packages"
else
  log "building the packages (packaging/build-packages.sh)"
  mkdir -p "$out"
  # gzip, not the release's xz: the same files, packed in minutes instead of a quarter hour.
  PMAT_DEB_COMPRESSION=${PMAT_DEB_COMPRESSION:-gzip} PMAT_PACKAGE_BUILD_DIR=$build \
    "$src/packaging/build-packages.sh" >"$build/packages/build-packages.log" 2>&1 ||
    { tail -40 "$build/packages/build-packages.log"; fail "build-packages.sh"; }
  log "packages built; now the +next version for the upgrade"
  rm -rf "$build/packages/next"
  PMAT_PACKAGE_BUILD_DIR=$build "$src/packaging/build-packages.sh" --next "$build/packages/next" >"$build/packages/build-next.log" 2>&1 ||
    { tail -40 "$build/packages/build-next.log"; fail "build-packages.sh --next"; }
fi
rm -rf "$out" && mkdir -p "$out"
debs=("$build"/packages/pmat-host_*.deb "$build"/packages/pmat-claude-plugin_*.deb
  "$build"/packages/libpmat-plugin-api-dev_*.deb)
# lintian reads every file of the plugin's package (~1.5 min for the bridge's thousands): it runs
# beside the root's steps, which mostly wait, and is checked before the RPMs.
log "lintian --fail-on error on the three .deb (in the background)"
lintian --fail-on error "${debs[@]}" >"$out/lintian.txt" 2>&1 &
lintian_pid=$!
check_lintian() {
  wait "$lintian_pid" || { grep '^E:' "$out/lintian.txt"; fail "lintian reports errors (lintian.txt)"; }
  log "lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors, $(grep -c '^W:' "$out/lintian.txt" || true) warnings (lintian.txt)"
}

if [ ! -f "$base" ] || [ ! -s "$base" ] || [ -n "$(find "$base" -mtime +7)" ]; then
  log "mmdebstrap --variant=minbase bookworm from $mirror (cached in $base)"
  rm -rf "$base" "$base.tmp"
  # --format=tar: mmdebstrap picks the format from the name, and "*.tar.tmp" would be a directory.
  mmdebstrap --variant=minbase --format=tar bookworm "$base.tmp" "deb $mirror bookworm main" \
    "deb $mirror bookworm-updates main" "deb $security bookworm-security main" \
    >"$out/mmdebstrap.log" 2>&1 || { tail -20 "$out/mmdebstrap.log"; fail "mmdebstrap"; }
  mv "$base.tmp" "$base"
fi
prepare_root
log "clean root: Debian $(cat "$root/etc/debian_version") in $root"
install_packages
analyze_native
analyze_claude
plugins_check
run_exec_start
purge_and_compare
rm -rf "$root"
check_lintian
inspect_rpms
log "PASSED in $((SECONDS - start)) s; logs in $out"

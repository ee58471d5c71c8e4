#!/usr/bin/env bash
# The packages on a clean Debian 12: build them, lintian, install into a fresh debootstrap chroot,
# run pmat-host analyze from the installed files, build a plugin against the installed dev
# package and run the conformance suite on it, upgrade in place while `pmat-host serve` answers a
# request loop (counting non-2xx), and purge (comparing file lists). Root only; slow (minutes).
#
#   packaging/tests/package-test.sh [BUILD_DIR]     (default build/release)
#
# Registered with ctest as packaging_install_upgrade_purge (label packaging), disabled unless
# the build is configured with -DPMAT_PACKAGE_TESTS=ON. Everything runs in a private mount and
# PID namespace: the chroot's mounts and any process left behind vanish with it.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${1:-}" = "--in-namespace" ]; then build=$2; else build=$(realpath -m "${1:-$src/build/release}"); fi
work=${PMAT_PKGTEST_DIR:-/var/tmp/pmat-pkgtest}
root=$work/root
out=$build/packages/package-test
mirror=${PMAT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

log() { printf '[package-test] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot, dpkg)"

# ---- Inside the namespaces: the chroot part ------------------------------------------------
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

file_list() { # every path of the chroot's root filesystem but volatile and bookkeeping ones
  (cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys -o -path ./run \
     -o -path ./tmp -o -path ./var/tmp -o -path ./var/log -o -path ./var/cache/apt \
     -o -path ./var/cache/debconf -o -path ./var/lib/apt -o -path ./var/lib/dpkg \
     -o -path ./root/pkgs -o -path ./root/author -o -path ./root/.cache -o -path ./root/.config \) \
     -prune -o -print | sort)
}

install_dependencies() {
  local debs=("$@") deps
  deps=$(for d in "${debs[@]}"; do dpkg-deb -f "$d" Depends; done | tr ',' '\n' |
         sed 's/([^)]*)//; s/|.*//; s/ //g' | grep -v -e '^$' -e '^pmat-' | sort -u)
  log "dependencies from the packages: $(echo $deps)"
  in_root apt-get update -qq
  # nodejs comes from Debian 12 (18.20), like every other dependency.
  DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends \
    $deps curl ca-certificates cmake make gcc libc6-dev pkg-config \
    >"$out/apt-dependencies.log" 2>&1 || { tail -20 "$out/apt-dependencies.log"; fail "apt-get install"; }
}

check_installed() {
  local libdir=/usr/lib/x86_64-linux-gnu
  in_root dpkg-query -W -f='${Package} ${Version} ${Status}\n' pmat-host pmat-claude-plugin \
    libpmat-plugin-api-dev | tee "$out/installed.txt"
  local want have
  want=$(sed -n 's/.*"sha256": "\([0-9a-f]*\)".*/\1/p' "$root$libdir/pmat/plugins/libpmat_claude.json")
  have=$(sha256sum "$root$libdir/pmat/plugins/libpmat_claude.so" | cut -d' ' -f1)
  [ "$want" = "$have" ] || fail "manifest sha256 $want != installed $have"
  log "manifest sha256 matches the installed .so: $have"
  [ -x "$root/usr/libexec/pmat/pmat-sandbox-exec" ] || fail "no /usr/libexec/pmat/pmat-sandbox-exec"
  # Which bridge and launcher the installed plugin starts: a Claude request (no real key; the
  # API URL is a closed local port, so nothing leaves the machine), with its execve calls traced.
  timeout 300 strace -f -qq -v -s 512 -e trace=execve -o "$out/claude-path.strace" chroot "$root" env -i \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root ANTHROPIC_API_KEY=not-a-key \
    ANTHROPIC_BASE_URL=http://127.0.0.1:9 pmat-host analyze --quiet --engine claude --format json \
    /usr/include/pmat/plugin_api.h >"$out/claude-path.json" 2>"$out/claude-path.err" || true
  grep -q 'execve("/usr/libexec/pmat/pmat-sandbox-exec"' "$out/claude-path.strace" ||
    fail "the plugin did not start /usr/libexec/pmat/pmat-sandbox-exec"
  grep 'execve(' "$out/claude-path.strace" | grep -q '/usr/lib/pmat/bridge/dist/index.js' ||
    fail "the plugin did not start the bridge at /usr/lib/pmat/bridge/dist/index.js"
  log "the plugin's compiled-in bridge and launcher paths match the installed files"
  in_root pmat-host plugins check | tee "$out/plugins-check.txt"
  in_root sh -c 'cd /usr/lib/pmat/bridge && node --input-type=module -e "
    await import(\"@anthropic-ai/sdk\"); await import(\"@anthropic-ai/claude-agent-sdk\");
    await import(\"zod\"); console.log(\"bridge modules resolve with node\", process.version)"' |
    tee "$out/bridge-modules.txt"
}

run_analyze() {
  in_root pmat-host analyze --format text /usr/include/pmat | tee "$out/analyze.txt"
  in_root pmat-host analyze --format json /usr/include/pmat >"$out/analyze.json"
  grep -q '"total_files": *2' "$out/analyze.json" || fail "analyze did not report 2 files"
}

build_author_plugin() {
  mkdir -p "$root/root/author"
  cp "$src/host-shim/examples/scenarios/author/"{minimal_plugin.c,CMakeLists.txt} "$root/root/author/"
  in_root sh -c 'cd /root/author && cmake -S . -B build >/dev/null && cmake --build build &&
    ctest --test-dir build --output-on-failure' >"$out/author-cmake.log" 2>&1 ||
    { tail -30 "$out/author-cmake.log"; fail "author plugin (CMake package)"; }
  in_root sh -c 'cd /root/author && gcc -std=c11 -shared -fPIC -fvisibility=hidden \
    $(pkg-config --cflags pmat-plugin-api) minimal_plugin.c -o libpc.so \
    -Wl,--version-script=$(pkg-config --variable=exportsmap pmat-plugin-api) -Wl,--no-undefined &&
    pmat-plugin-conformance --level 1 ./libpc.so' >"$out/author-pkgconfig.log" 2>&1 ||
    { tail -30 "$out/author-pkgconfig.log"; fail "author plugin (pkg-config)"; }
  log "author plugin: built with the CMake package and with pkg-config; conformance passed"
}

start_serve() {
  mkdir -p "$root/run/pmat"
  in_root env XDG_CONFIG_HOME=/var/lib XDG_CACHE_HOME=/var/cache XDG_RUNTIME_DIR=/run/pmat \
    pmat-host serve --listen 127.0.0.1:0 >"$out/serve.stdout" 2>"$out/serve.stderr" &
  serve_pid=$!
  for _ in $(seq 100); do
    port=$(head -n1 "$out/serve.stdout" 2>/dev/null || true)
    [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "pmat-host serve did not become ready"
}

serving_version() {
  curl -fsS "http://127.0.0.1:$port/v1/status" | sed -n 's/.*"generation":{[^}]*"version":"\([^"]*\)".*/\1/p'
}

request_loop() { # until $out/stop exists: one analysis at a time, one status code per line
  local body='{"content":"int f(int x) { if (x) return 1; return 0; }","language":"c"}'
  while [ ! -e "$out/stop" ]; do
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' \
      --data "$body" "http://127.0.0.1:$port/v1/analyze" || echo 000
  done >"$out/codes.txt"
}

upgrade_under_load() {
  rm -f "$out/stop"
  request_loop &
  local loop=$! before after
  sleep 2
  before=$(serving_version)
  log "serving $before; dpkg -i of the +next packages while requests run"
  strace -f -qq -e trace=rename,renameat,renameat2,link,linkat,unlink,unlinkat \
    -o "$out/dpkg-upgrade.strace" chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    sh -c 'dpkg -i /root/pkgs/next/*.deb' >"$out/dpkg-upgrade.log" 2>&1 ||
    { cat "$out/dpkg-upgrade.log"; fail "dpkg -i (upgrade)"; }
  for _ in $(seq 100); do
    after=$(serving_version)
    [ "$after" != "$before" ] && break
    sleep 0.1
  done
  sleep 2
  touch "$out/stop"
  wait "$loop"
  local total bad
  total=$(wc -l <"$out/codes.txt")
  bad=$(grep -cv '^2' "$out/codes.txt" || true)
  curl -fsS "http://127.0.0.1:$port/v1/status" >"$out/status-after-upgrade.json"
  grep 'libpmat_claude' "$out/dpkg-upgrade.strace" >"$out/dpkg-plugin-renames.txt" || true
  printf 'upgrade: %s -> %s; requests during the upgrade: %s, non-2xx: %s\n' \
    "$before" "$after" "$total" "$bad" | tee "$out/upgrade-result.txt"
  [ "$after" != "$before" ] || fail "the running host did not pick up the new plugin"
  [ "$bad" -eq 0 ] || fail "$bad requests failed during the upgrade"
  [ "$total" -gt 0 ] || fail "no request ran during the upgrade"
}

stop_serve() {
  kill -TERM "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
}

chroot_phase() {
  mount -t proc proc "$root/proc"
  mount --bind /dev "$root/dev"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mkdir -p "$root/root/pkgs/next"
  cp "$build"/packages/*.deb "$root/root/pkgs/"
  cp "$build"/packages/next/*.deb "$root/root/pkgs/next/"
  local debs=("$root"/root/pkgs/*.deb)
  install_dependencies "${debs[@]}"
  file_list >"$out/files-before.txt"
  log "installing $(cd "$root/root/pkgs" && ls pmat-*.deb libpmat-*.deb | tr '\n' ' ')"
  in_root sh -c 'dpkg -i /root/pkgs/pmat-host_*.deb /root/pkgs/pmat-claude-plugin_*.deb \
    /root/pkgs/libpmat-plugin-api-dev_*.deb' >"$out/dpkg-install.log" 2>&1 ||
    { cat "$out/dpkg-install.log"; fail "dpkg -i"; }
  check_installed
  run_analyze
  build_author_plugin
  start_serve
  upgrade_under_load
  stop_serve
  in_root dpkg --purge libpmat-plugin-api-dev pmat-claude-plugin pmat-host >"$out/dpkg-purge.log" 2>&1 ||
    { cat "$out/dpkg-purge.log"; fail "dpkg --purge"; }
  file_list >"$out/files-after.txt"
  ! ls "$root/var/lib/dpkg/info" | grep -e pmat -e libpmat || fail "dpkg still has pmat control files"
  # Per-user data that purge does not touch (Debian policy): root's own cache and config.
  (cd "$root/root" && find .cache .config 2>/dev/null) >"$out/user-data-after-purge.txt" || true
  if diff -u "$out/files-before.txt" "$out/files-after.txt" >"$out/files.diff"; then
    log "purge: the file lists before install and after purge are identical ($(wc -l <"$out/files-after.txt") paths)"
  else
    cat "$out/files.diff"
    fail "purge left files behind (or removed some)"
  fi
}

if [ "${1:-}" = "--in-namespace" ]; then
  chroot_phase
  exit 0
fi

# ---- Outside: packages, lintian, the clean root ----------------------------------------------
mkdir -p "$work" "$out"
# PMAT_PKGTEST_REUSE_PACKAGES=1: keep the packages, lintian report and logs of a previous run
# (building and linting take ~30 min on two cores) and redo only the install/upgrade/purge part.
if [ "${PMAT_PKGTEST_REUSE_PACKAGES:-0}" = 1 ] && [ -s "$out/lintian-summary.txt" ]; then
  log "reusing the packages of the previous run: $(cat "$out/lintian-summary.txt")"
else
  rm -rf "$out" && mkdir -p "$out"
  log "building the packages (packaging/build-packages.sh)"
  "$src/packaging/build-packages.sh" >"$out/build-packages.log" 2>&1 ||
    { tail -40 "$out/build-packages.log"; fail "build-packages.sh"; }
  rm -rf "$build/packages/next"
  "$src/packaging/build-packages.sh" --next "$build/packages/next" >"$out/build-next.log" 2>&1 ||
    { tail -40 "$out/build-next.log"; fail "build-packages.sh --next"; }
  log "lintian"
  lintian --fail-on error "$build"/packages/*.deb \
    >"$out/lintian.txt" 2>&1 || { cat "$out/lintian.txt"; fail "lintian reports errors"; }
  printf 'lintian: %s errors, %s warnings\n' "$(grep -c '^E:' "$out/lintian.txt" || true)" \
    "$(grep -c '^W:' "$out/lintian.txt" || true)" | tee "$out/lintian-summary.txt"
fi

if ls "$build"/packages/*.rpm >/dev/null 2>&1; then
  for rpm in "$build"/packages/*.rpm; do
    rpm -qp --qf '%{NAME} %{VERSION} provides: [%{PROVIDES} ]requires: [%{REQUIRENAME} ]\n' "$rpm"
  done >"$out/rpms.txt" 2>&1
fi

if [ ! -e "$work/bookworm-minbase.tar" ]; then
  log "debootstrap --variant=minbase bookworm from $mirror"
  rm -rf "$work/base"
  debootstrap --variant=minbase bookworm "$work/base" "$mirror" >"$out/debootstrap.log" 2>&1 ||
    fail "debootstrap (is $mirror reachable?)"
  tar -C "$work/base" -cf "$work/bookworm-minbase.tar" . && rm -rf "$work/base"
fi
rm -rf "$root" && mkdir -p "$root"
tar -C "$root" -xf "$work/bookworm-minbase.tar"

log "clean root: $root (Debian $(cat "$root/etc/debian_version")); entering private namespaces"
status=0
unshare --mount --pid --fork --propagation private "$0" --in-namespace "$build" || status=$?
rm -rf "$root"
[ "$status" -eq 0 ] || fail "chroot phase (exit $status); logs in $out"
log "PASSED; logs and results in $out"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs everything pmat-claude needs to build and test on Debian 12, including the clean-root
# package test's tools (mmdebstrap, bubblewrap) and rpmbuild (rpm).
# Idempotent: packages already present are skipped, so re-running costs a second.
# Used by README's commands and by .ci/run; run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-log1.81-dev libboost-test1.81-dev
  libboost-filesystem1.81-dev libboost-program-options1.81-dev libboost-thread1.81-dev
  libbenchmark-dev libseccomp-dev
  clang-format
  clang-tidy
  nodejs npm
  pmccabe libssl-dev nettle-dev gnulib librust-syn-dev bc
  libhiredis-dev redis-server
  python3-jsonschema
  prometheus
  wrk
  chromium
  rustc cargo
  mmdebstrap bubblewrap rpm lintian
  openssl util-linux
  python3-yaml
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# npm ships with the machine image's Node on some hosts; don't fight it.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm/}")
fi
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs/}")
fi
clean=()
for p in "${missing[@]}"; do [ -n "$p" ] && clean+=("$p"); done

if [ ${#clean[@]} -gt 0 ]; then
  echo "install-deps: installing ${clean[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${clean[@]}"
else
  echo "install-deps: all Debian packages present" >&2
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the distro packages: the release preset (configured with the /usr prefix the packages
# install to), the staged plugin and bridge, then CPack: DEB always, RPM when rpmbuild exists.
# Output: <build dir>/packages/*.deb (and *.rpm).
#
#   packaging/build-packages.sh                 the packages of this tree
#   packaging/build-packages.sh --next DIR      the plugin's package of plugin/tests'
#                                               pmat_claude_next build (version <x.y.z>+next,
#                                               zstd) into DIR, for the upgrade tests; the
#                                               normal staging is restored afterwards
#
# PMAT_PACKAGE_BUILD_DIR=DIR packages another build tree instead of the release preset's: one
# configured by hand (CI packages its default-options Release build, configured with
# -DCMAKE_INSTALL_PREFIX=/usr from the start, so nothing is compiled twice). That tree is only
# re-pointed at /usr, never reconfigured otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${PMAT_PACKAGE_BUILD_DIR:-build/release}
next_dir=""
if [ "${1:-}" = "--next" ]; then
  next_dir=$(realpath -m "${2:?--next needs an output directory}")
fi

if [ -z "${PMAT_PACKAGE_BUILD_DIR:-}" ]; then
  cmake --preset release -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
else
  cmake -S . -B "$build" -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
fi
cmake --build "$build" --target pmat-host pmat_claude pmat-plugin-conformance bridge_build
cmake --build "$build" --target pmat_package_stage

if [ -z "$next_dir" ]; then
  # Two runs per format, the plugin alone in the second (cpack-project-config.cmake.in): DEB
  # computes its shared-library dependencies itself, RPM gives it its own License tag.
  (cd "$build" && cpack -G DEB --config CPackConfig.cmake -D "CPACK_COMPONENTS_ALL=host;dev")
  (cd "$build" && cpack -G DEB --config CPackConfig.cmake -D CPACK_COMPONENTS_ALL=plugin)
  if command -v rpmbuild >/dev/null 2>&1; then
    (cd "$build" && cpack -G RPM --config CPackConfig.cmake -D "CPACK_COMPONENTS_ALL=host;dev")
    (cd "$build" && cpack -G RPM --config CPackConfig.cmake -D CPACK_COMPONENTS_ALL=plugin)
  fi
  ls -l "$build"/packages/*.deb "$build"/packages/*.rpm 2>/dev/null || true
  exit 0
fi

# A newer version: the same tree's pmat_claude_next (differs only in its version string), staged
# in place of the plugin, packaged as DEBs into $next_dir; then the normal staging is restored.
cmake --build "$build" --target pmat_claude_next
version=$(sed -n 's/^project(pmat_claude VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# pmat_package_stage has no outputs, so building it always re-stages the real plugin.
restore() { cmake --build "$build" --target pmat_package_stage >/dev/null; }
trap restore EXIT
cmake -DPLUGIN="$build/plugin/tests/variants/libpmat_claude_next.so" \
      -DHOST="$build/bin/pmat-host" -DSTRIP=strip -DOUT="$build/packaging/stage/plugin" \
      -DPACKAGE_VERSION="${version}+next" -P packaging/cmake/stage-plugin.cmake
# The plugin's package alone (what a rollout upgrades), zstd (dpkg >= 1.21.18 reads it): the test
# package is unpacked once, so packing its 400 MB fast matters more than its size.
(cd "$build" && PMAT_DEB_COMPRESSION=zstd cpack -G DEB --config CPackConfig.cmake \
  -D CPACK_COMPONENTS_ALL=plugin -B "$next_dir")
ls -l "$next_dir"/*.deb

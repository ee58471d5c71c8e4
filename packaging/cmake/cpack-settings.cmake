# CPack settings for the three packages (included from packaging/CMakeLists.txt).
set(CPACK_PACKAGE_NAME pmat-claude)
set(CPACK_PACKAGE_VENDOR "pmat-claude")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT
  "Seed 47e1a7d5 maintainers <maintainers@users.noreply.r-seed-47e1a7d5.example>")
# No CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack DEB would prepend it to every package's own
# description; each component's first line is its synopsis.
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_COMPONENTS_ALL plugin host dev) # not "Unspecified": conformance's own install rule
set(CPACK_STRIP_FILES ON) # install(TARGETS) binaries; the plugin is staged already stripped
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_THREADS 2)

set(CPACK_GENERATOR DEB)
find_program(PMAT_RPMBUILD rpmbuild)
if(PMAT_RPMBUILD)
  list(APPEND CPACK_GENERATOR RPM)
endif()

# Where the launcher is built (plugin/sandbox), for the plugin's dpkg-shlibdeps at cpack time.
set(PMAT_SANDBOX_LAUNCHER_BUILT ${CMAKE_BINARY_DIR}/bin/pmat-sandbox-exec)
# RPM's License of pmat-claude-plugin: the project's MIT and the bundled Agent SDK's own terms.
set(PMAT_RPM_PLUGIN_LICENSE "MIT AND LicenseRef-Anthropic-Proprietary")
# Read at cpack time: the package version of what is staged, the /usr prefix check, and the
# plugin's RPM License.
set(PMAT_STAGE_VERSION_FILE ${PMAT_STAGE_DIR}/plugin/package-version)
configure_file(${CMAKE_CURRENT_LIST_DIR}/cpack-project-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/cpack-project-config.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_BINARY_DIR}/cpack-project-config.cmake)

# First line: the synopsis. Lines stay under 80 columns (lintian).
set(pmat_desc_plugin "pmat's analyzer plugin with the Claude engine (libpmat_claude.so)
The analyzer plugin pmat-host loads and hot-reloads: a native engine
(cyclomatic and cognitive complexity, self-admitted technical debt, quality
gates) that needs no network, and a Claude engine served by a pool of Node
bridge workers. Ships the plugin, its JSON manifest (ABI version, SHA-256)
and the bridge with its production Node modules.
Not free software: the bridge bundles Anthropic's Claude Agent SDK, which is
under Anthropic's own terms, not a free license (see the copyright file).
The rest of the package is MIT.")
set(pmat_desc_host "host for pmat analyzer plugins: pmat-host and libpmat_host_shim
Loads analyzer plugins through a stable C ABI, validates them and replaces
them while serving when a new build is installed. pmat-host analyzes code
from the command line, serves an HTTP API with metrics and a status page
(systemd unit pmat-host.service), and speaks MCP. libpmat_host_shim.so.1 is
the C API pmat calls over FFI.")
set(pmat_desc_dev "development files for pmat analyzer plugins
The plugin ABI header (plugin_api.h), the host shim's C API (host_shim.h),
pkg-config files, a CMake config package (pmat::plugin_api, pmat::host_shim,
pmat_add_plugin), the linker version script plugins use, and
pmat-plugin-conformance, the validator every plugin runs.")

# ---- DEB ----
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# A shlibs file (and the ldconfig trigger) for the package that ships libpmat_host_shim.so.1.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_PLUGIN_PACKAGE_NAME pmat-claude-plugin)
set(CPACK_DEBIAN_PLUGIN_DESCRIPTION "${pmat_desc_plugin}")
# The bundled Agent SDK is not DFSG-free (debian/copyright), hence the non-free area.
set(CPACK_DEBIAN_PLUGIN_PACKAGE_SECTION non-free/devel)
# The oldest node the bridge was tested on: Debian 12's 18.20.4 (packaging/tests/clean-root-test.sh;
# bridge/package.json's engines say the same). The bridge needs >= 18.19 (a synchronous
# import.meta.resolve without a flag).
set(PMAT_NODE_MINIMUM 18.20.4)
set(CPACK_DEBIAN_PLUGIN_PACKAGE_DEPENDS
  "nodejs (>= ${PMAT_NODE_MINIMUM}), pmat-plugin-abi-${PMAT_ABI_MAJOR}")

set(CPACK_DEBIAN_HOST_PACKAGE_NAME pmat-host)
set(CPACK_DEBIAN_HOST_DESCRIPTION "${pmat_desc_host}")
set(CPACK_DEBIAN_HOST_PACKAGE_PROVIDES "pmat-plugin-abi-${PMAT_ABI_MAJOR}")
set(CPACK_DEBIAN_HOST_PACKAGE_CONTROL_EXTRA
  ${PMAT_PACKAGING_DIR}/debian/pmat-host/postinst
  ${PMAT_PACKAGING_DIR}/debian/pmat-host/prerm
  ${PMAT_PACKAGING_DIR}/debian/pmat-host/postrm
  ${PMAT_PACKAGING_DIR}/debian/pmat-host/triggers)
set(CPACK_DEBIAN_HOST_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libpmat-plugin-api-dev)
set(CPACK_DEBIAN_DEV_DESCRIPTION "${pmat_desc_dev}")
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "pmat-host (= ${PROJECT_VERSION})")

# ---- RPM (built when rpmbuild is installed; not the supported target) ----
set(CPACK_RPM_COMPONENT_INSTALL ON)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_COMPRESSION_TYPE gzip)
# The plugin's RPM is built by its own cpack run and gets PMAT_RPM_PLUGIN_LICENSE (above).
set(CPACK_RPM_PACKAGE_LICENSE "MIT")
set(CPACK_RPM_PACKAGE_GROUP "Development/Tools")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /lib /lib/systemd /lib/systemd/system /usr/lib/pmat /usr/share/lintian
  /usr/share/lintian/overrides /usr/lib64/pkgconfig /usr/share/pkgconfig /usr/lib64/cmake)
set(CPACK_RPM_PLUGIN_PACKAGE_NAME pmat-claude-plugin)
set(CPACK_RPM_PLUGIN_PACKAGE_SUMMARY "pmat's analyzer plugin with the Claude engine")
set(CPACK_RPM_PLUGIN_PACKAGE_DESCRIPTION "${pmat_desc_plugin}")
set(CPACK_RPM_PLUGIN_PACKAGE_REQUIRES "nodejs >= ${PMAT_NODE_MINIMUM}, pmat-plugin-abi-${PMAT_ABI_MAJOR}")
# The bundled Node modules carry prebuilt binaries whose own needs are not ours to declare.
set(CPACK_RPM_PLUGIN_PACKAGE_AUTOREQPROV OFF)
set(CPACK_RPM_HOST_PACKAGE_NAME pmat-host)
set(CPACK_RPM_HOST_PACKAGE_SUMMARY "host for pmat analyzer plugins")
set(CPACK_RPM_HOST_PACKAGE_DESCRIPTION "${pmat_desc_host}")
set(CPACK_RPM_HOST_PACKAGE_PROVIDES "pmat-plugin-abi-${PMAT_ABI_MAJOR}")
set(CPACK_RPM_DEV_PACKAGE_NAME pmat-plugin-api-devel)
set(CPACK_RPM_DEV_PACKAGE_SUMMARY "development files for pmat analyzer plugins")
set(CPACK_RPM_DEV_PACKAGE_DESCRIPTION "${pmat_desc_dev}")
set(CPACK_RPM_DEV_PACKAGE_REQUIRES "pmat-host = ${PROJECT_VERSION}")

include(CPack)
cpack_add_component(host DISPLAY_NAME "pmat-host")
cpack_add_component(plugin DISPLAY_NAME "pmat-claude-plugin")
cpack_add_component(dev DISPLAY_NAME "libpmat-plugin-api-dev")

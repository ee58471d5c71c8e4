# SPDX-License-Identifier: MIT
# Stages libpmat_claude.so for packaging: a stripped copy (what dh_strip does for a shared
# object), fully validated by the host that will load it, and its JSON manifest with the SHA-256
# of exactly the bytes that get installed.
#
#   cmake -DPLUGIN=<built .so> -DHOST=<pmat-host> -DSTRIP=<strip> -DOUT=<dir>
#         -DPACKAGE_VERSION=<x.y.z> -P stage-plugin.cmake
foreach(var PLUGIN HOST STRIP OUT PACKAGE_VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "stage-plugin.cmake: -D${var}= is required")
  endif()
endforeach()

set(name libpmat_claude.so)
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
file(COPY_FILE ${PLUGIN} ${OUT}/${name})
execute_process(
  COMMAND ${STRIP} --remove-section=.comment --remove-section=.note --strip-unneeded ${OUT}/${name}
  COMMAND_ERROR_IS_FATAL ANY)
file(CHMOD ${OUT}/${name} PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# The stripped file must still load, pass init and the smoke call; its own answers give the id,
# version and ABI that go into the manifest.
execute_process(COMMAND ${HOST} plugins check ${OUT}
  OUTPUT_VARIABLE check_out ERROR_VARIABLE check_err RESULT_VARIABLE check_rc)
if(NOT check_rc EQUAL 0)
  message(FATAL_ERROR "stage-plugin.cmake: the stripped plugin fails `pmat-host plugins check`:\n"
                      "${check_out}${check_err}")
endif()
string(REGEX MATCH "([^ \n]+) ([^ \n]+) \\(ABI ([0-9.]+)\\): passes" matched "${check_out}")
if(NOT matched)
  message(FATAL_ERROR "stage-plugin.cmake: unexpected `plugins check` output:\n${check_out}")
endif()
set(plugin_id ${CMAKE_MATCH_1})
set(plugin_version ${CMAKE_MATCH_2})
set(abi_version ${CMAKE_MATCH_3})
file(SHA256 ${OUT}/${name} sha256)
file(SIZE ${OUT}/${name} size)

file(WRITE ${OUT}/libpmat_claude.json "{
  \"file_format_version\": \"1.0.0\",
  \"plugin_id\": \"${plugin_id}\",
  \"version\": \"${plugin_version}\",
  \"abi_version\": \"${abi_version}\",
  \"library_path\": \"./${name}\",
  \"size\": ${size},
  \"sha256\": \"${sha256}\"
}
")
# The package version the staged files belong to (cpack-project-config.cmake reads it).
file(WRITE ${OUT}/package-version ${PACKAGE_VERSION})
message(STATUS "staged ${plugin_id} ${plugin_version} (ABI ${abi_version}) sha256 ${sha256}")

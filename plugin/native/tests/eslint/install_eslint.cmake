# SPDX-License-Identifier: MIT
# Installs the pinned ESLint (package.json + package-lock.json next to this script) into DST with
# `npm ci`, unless the same lock file is already installed there. Run by the ctest fixture
# pmat_native_eslint_setup; fails loudly when npm fails.
foreach(file package.json package-lock.json eslint-complexity.mjs)
  configure_file(${SRC}/${file} ${DST}/${file} COPYONLY)
endforeach()
set(stamp ${DST}/node_modules/.pmat-lock)
if(EXISTS ${stamp} AND EXISTS ${DST}/node_modules/eslint/package.json)
  file(READ ${stamp} installed)
  file(READ ${DST}/package-lock.json wanted)
  if(installed STREQUAL wanted)
    message(STATUS "ESLint already installed in ${DST}")
    return()
  endif()
endif()
execute_process(COMMAND npm ci --ignore-scripts --no-audit --no-fund
                WORKING_DIRECTORY ${DST} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "npm ci failed (${result}) in ${DST}")
endif()
file(COPY_FILE ${DST}/package-lock.json ${stamp})

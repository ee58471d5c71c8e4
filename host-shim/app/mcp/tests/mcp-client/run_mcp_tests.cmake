# SPDX-License-Identifier: MIT
# Runs the SDK client tests from a copy in the build tree, so that `npm ci` never writes into
# the source tree. Re-installs only when package-lock.json changed.
# -D SOURCE_DIR=... -D WORK_DIR=... -D PMAT_HOST=... -D PMAT_PLUGIN_DIR=... -D TEST_FILE=...
# and, for the Claude tests, -D PMAT_FAKE_ANTHROPIC=... -D PMAT_CLAUDE_BRIDGE=...
# -D PMAT_CLAUDE_NODE=... (passed on to the test in its environment).
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(f package.json package-lock.json ${TEST_FILE})
  configure_file(${SOURCE_DIR}/${f} ${WORK_DIR}/${f} COPYONLY)
endforeach()
file(SHA256 ${WORK_DIR}/package-lock.json lock_hash)
set(stamp ${WORK_DIR}/node_modules/.pmat-lock-sha256)
set(installed "")
if(EXISTS ${stamp})
  file(READ ${stamp} installed)
endif()
if(NOT installed STREQUAL lock_hash)
  execute_process(COMMAND npm ci --no-audit --no-fund --ignore-scripts WORKING_DIRECTORY ${WORK_DIR}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed (${rc})")
  endif()
  file(WRITE ${stamp} ${lock_hash})
endif()
set(ENV{PMAT_HOST} ${PMAT_HOST})
set(ENV{PMAT_PLUGIN_DIR} ${PMAT_PLUGIN_DIR})
foreach(name PMAT_FAKE_ANTHROPIC PMAT_CLAUDE_BRIDGE PMAT_CLAUDE_NODE)
  if(DEFINED ${name})
    set(ENV{${name}} ${${name}})
  endif()
endforeach()
execute_process(COMMAND node --test ${TEST_FILE} WORKING_DIRECTORY ${WORK_DIR}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "node --test failed (${rc})")
endif()

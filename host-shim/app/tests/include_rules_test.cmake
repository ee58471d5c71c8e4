# SPDX-License-Identifier: MIT
# The include-rule check catches what it promises: the real tree passes, and each kind of
# violation, planted in a fresh copy of the app, fails the check with a message that names the
# file and the include.
#
#   cmake -DAPP_DIR=... -DSHIM_SRC_DIR=... -DCHECKER=.../include_rules.cmake -DWORK_DIR=... -P
cmake_minimum_required(VERSION 3.25)

function(run_check app_dir result output)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DAPP_DIR=${app_dir} -DSHIM_SRC_DIR=${SHIM_SRC_DIR} -P ${CHECKER}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(${result} "${code}" PARENT_SCOPE)
  set(${output} "${out}" PARENT_SCOPE)
endfunction()

run_check("${APP_DIR}" code out)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the real tree should pass the include rules:\n${out}")
endif()

# One planted include per case: <file of the copy> and <the include line added to it>.
set(case_files
  core/session.cpp
  http/routes.cpp
  report/render.cpp
  mcp/mcp_analyze_path.cpp
  cli/analyze_command.cpp
  core/analysis.cpp
  main.cpp
  http/tests/http_api_tests.cpp)
set(case_includes
  [=[#include <cli/commands.hpp>]=]
  [=[#include <mcp/mcp_tools.hpp>]=]
  [=[#include <core/session.hpp>]=]
  [=[#include <source_walker.hpp>]=]
  [=[#include "../http/router.hpp"]=]
  [=[#include "shim.hpp"]=]
  [=[  #  include <report/report.hpp>]=]
  [=[#include <mcp/stdio_lines.hpp>]=])

file(REMOVE_RECURSE "${WORK_DIR}")
list(LENGTH case_files count)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  list(GET case_files ${i} file)
  list(GET case_includes ${i} line)
  set(copy "${WORK_DIR}/case${i}")
  file(COPY "${APP_DIR}/" DESTINATION "${copy}" FILES_MATCHING PATTERN "*.cpp" PATTERN "*.hpp"
       PATTERN "node_modules" EXCLUDE)
  file(APPEND "${copy}/${file}" "\n${line}\n")
  run_check("${copy}" code out)
  string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*" "" included "${line}")
  string(FIND "${out}" "host-shim/app/${file}: #include ${included}:" named)
  if(code EQUAL 0 OR named EQUAL -1)
    message(FATAL_ERROR "planting '${line}' in ${file}: the check should fail and name it "
                        "(exit ${code}):\n${out}")
  endif()
  message(STATUS "caught: ${file}: ${line}")
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")

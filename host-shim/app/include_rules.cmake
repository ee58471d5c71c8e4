# The include rules of pmat-host (host-shim/app/README.md), checked over every C++ file of the
# app, tests included:
#
#   main.cpp -> cli/, http/, mcp/     cli/, http/, mcp/ -> core/, report/   (cli/ also -> doctor/)
#   doctor/  -> core/, report/        core/    -> report/   report/ -> nothing of the app
#
# and everywhere: a folder's own files, the shim's C API (<pmat/host_shim.h>) and third-party
# headers. Another folder's header is named <folder/file.hpp>; a bare name that is not in the
# including file's own folder (one reached through some target's include path) and the shim
# library's internal headers (host-shim/src) are refused too. A file under <folder>/tests/ follows
# <folder>'s rules.
#
#   cmake -DAPP_DIR=host-shim/app -DSHIM_SRC_DIR=host-shim/src -P include_rules.cmake
#
# Prints every violation as "<file>: #include <name>: <why>" and exits non-zero when there is one.
cmake_minimum_required(VERSION 3.25)

set(app_folders cli core doctor http mcp report)
set(allowed_main cli http mcp)
set(allowed_cli core doctor report)
set(allowed_doctor core report)
set(allowed_http core report)
set(allowed_mcp core report)
set(allowed_core report)
set(allowed_report "")

if(NOT IS_DIRECTORY "${APP_DIR}" OR NOT IS_DIRECTORY "${SHIM_SRC_DIR}")
  message(FATAL_ERROR "include_rules.cmake needs -DAPP_DIR=<host-shim/app> and "
                      "-DSHIM_SRC_DIR=<host-shim/src>")
endif()
if(NOT DEFINED DISPLAY_PREFIX)
  set(DISPLAY_PREFIX "host-shim/app/")
endif()

# The folder whose rules a file (relative to APP_DIR) follows: its first component, or "main"
# for a file at the top.
function(folder_of relative out)
  string(REGEX MATCH "^[^/]+/" first "${relative}")
  string(REGEX REPLACE "/$" "" first "${first}")
  if(first IN_LIST app_folders)
    set(${out} "${first}" PARENT_SCOPE)
  else()
    set(${out} "main" PARENT_SCOPE)
  endif()
endfunction()

function(allowed_list folder out)
  if(folder STREQUAL "main")
    set(${out} ${allowed_main} PARENT_SCOPE)
  else()
    set(${out} ${allowed_${folder}} PARENT_SCOPE)
  endif()
endfunction()

file(GLOB_RECURSE sources RELATIVE "${APP_DIR}" "${APP_DIR}/*.cpp" "${APP_DIR}/*.hpp"
     "${APP_DIR}/*.h")
list(FILTER sources EXCLUDE REGEX "(^|/)node_modules/")
set(app_names "")
foreach(source IN LISTS sources)
  get_filename_component(name "${source}" NAME)
  list(APPEND app_names "${name}")
endforeach()
file(GLOB shim_internal RELATIVE "${SHIM_SRC_DIR}" "${SHIM_SRC_DIR}/*.hpp" "${SHIM_SRC_DIR}/*.h")

# Sets `target` to the app folder `name` (included from `source`) lands in, "" for a header
# outside the app, or sets `why` when the include itself is refused.
function(classify source delimiter name target why)
  get_filename_component(dir "${source}" DIRECTORY)
  set(${target} "" PARENT_SCOPE)
  set(${why} "" PARENT_SCOPE)
  if(delimiter STREQUAL "\"" AND EXISTS "${APP_DIR}/${dir}/${name}")
    cmake_path(SET resolved NORMALIZE "${dir}/${name}")
    if(resolved MATCHES "^\\.\\./")
      set(${why} "leaves host-shim/app" PARENT_SCOPE)
    else()
      folder_of("${resolved}" folder)
      set(${target} "${folder}" PARENT_SCOPE)
    endif()
  elseif(name MATCHES "/" AND EXISTS "${APP_DIR}/${name}")
    folder_of("${name}" folder)
    set(${target} "${folder}" PARENT_SCOPE)
  elseif(NOT name MATCHES "/" AND name IN_LIST shim_internal)
    set(${why} "the shim library's internals: the app uses only <pmat/host_shim.h>" PARENT_SCOPE)
  elseif(NOT name MATCHES "/" AND name IN_LIST app_names)
    set(${why} "not in this file's folder: name another folder's header as <folder/file.hpp>"
        PARENT_SCOPE)
  endif()
endfunction()

set(violations "")
set(include_count 0)
foreach(source IN LISTS sources)
  folder_of("${source}" own)
  allowed_list("${own}" allowed)
  file(STRINGS "${APP_DIR}/${source}" lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "#[ \t]*include[ \t]*([<\"])([^>\"]+)[>\"]")
      continue()
    endif()
    set(delimiter "${CMAKE_MATCH_1}")
    set(name "${CMAKE_MATCH_2}")
    math(EXPR include_count "${include_count} + 1")
    if(delimiter STREQUAL "<")
      set(shown "<${name}>")
    else()
      set(shown "\"${name}\"")
    endif()
    classify("${source}" "${delimiter}" "${name}" target why)
    if(why STREQUAL "" AND NOT target STREQUAL "" AND NOT target STREQUAL own
       AND NOT target IN_LIST allowed)
      string(REPLACE ";" "/, " may "${allowed}")
      if(may STREQUAL "")
        set(why "${own}/ may include nothing else of the app")
      else()
        set(why "${own}/ may include only ${may}/ of the app")
      endif()
    endif()
    if(NOT why STREQUAL "")
      string(APPEND violations "  ${DISPLAY_PREFIX}${source}: #include ${shown}: ${why}\n")
    endif()
  endforeach()
endforeach()

list(LENGTH sources file_count)
if(NOT violations STREQUAL "")
  message(FATAL_ERROR "include rules of host-shim/app broken (see host-shim/app/README.md):\n"
                      "${violations}")
endif()
message(STATUS "include rules: ${file_count} files, ${include_count} includes, no violation")

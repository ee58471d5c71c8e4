# SPDX-License-Identifier: MIT
# Checks that every metric the Grafana dashboard queries exists: in `pmat-host metrics` (the
# plugin's and the shim's families) or among pmat-host serve's own families (docs/serve.md).
#   cmake -DHOST=<pmat-host> -DDASHBOARD=<json> -DPLUGIN_DIR=<dir> -P dashboard-metrics.cmake
cmake_minimum_required(VERSION 3.25)
set(serve_families pmat_http_requests_total pmat_http_request_duration_seconds
    pmat_http_requests_rejected_total pmat_http_in_flight_requests pmat_http_connections_open)

execute_process(COMMAND ${HOST} metrics --format prometheus --plugin-dir ${PLUGIN_DIR}
  OUTPUT_VARIABLE exposition RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pmat-host metrics failed (${rc})")
endif()
string(REGEX MATCHALL "# TYPE [a-zA-Z_:][a-zA-Z0-9_:]*" types "${exposition}")
set(known ${serve_families})
foreach(t IN LISTS types)
  string(REPLACE "# TYPE " "" name "${t}")
  list(APPEND known ${name})
endforeach()

file(READ ${DASHBOARD} dashboard)
string(REGEX MATCHALL "(pmat|claude)_[a-z0-9_]+" used "${dashboard}")
list(REMOVE_DUPLICATES used)
set(missing "")
foreach(name IN LISTS used)
  string(REGEX REPLACE "_(bucket|sum|count)$" "" family "${name}")
  if(NOT name IN_LIST known AND NOT family IN_LIST known)
    list(APPEND missing ${name})
  endif()
endforeach()
list(LENGTH used n_used)
if(missing)
  message(FATAL_ERROR "the dashboard queries metrics that do not exist: ${missing}")
endif()
message(STATUS "all ${n_used} metric names in the dashboard exist")

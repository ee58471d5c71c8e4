# Builds the Rust FFI example against the freshly built shim and runs it on a sample file.
# The run must succeed and print a JSON result naming the sample.
execute_process(
  COMMAND ${RUSTC} --edition 2021 -O ${SOURCE} -o ${OUTPUT} -L ${LIB_DIR} -l pmat_host_shim
          -C link-args=-Wl,-rpath,${LIB_DIR}
  RESULT_VARIABLE build_result)
if(NOT build_result EQUAL 0)
  message(FATAL_ERROR "rustc failed: ${build_result}")
endif()
execute_process(COMMAND ${OUTPUT} ${PLUGIN_DIR} ${SAMPLE}
  RESULT_VARIABLE run_result OUTPUT_VARIABLE run_output ERROR_VARIABLE run_error)
message(STATUS "example printed: ${run_output}${run_error}")
if(NOT run_result EQUAL 0)
  message(FATAL_ERROR "the Rust example failed: ${run_error}")
endif()
if(NOT run_output MATCHES "\"path\":\"[^\"]*sample.c\"")
  message(FATAL_ERROR "the result does not name the sample file: ${run_output}")
endif()

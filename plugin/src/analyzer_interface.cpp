// SPDX-License-Identifier: MIT
// pmat.analyzer/1: one file in, one JSON result out (docs/result-schema.md).
#include "interfaces.hpp"

#include "analyze_options.hpp"
#include "c_boundary.hpp"
#include "plugin_buffer.hpp"
#include "request_flow.hpp"
#include "runtime.hpp"

#include <pmat/native/analysis.hpp>

#include <boost/json/serialize.hpp>

#include <cstddef>

namespace pmat::plugin {
namespace {

constexpr std::size_t k_request_v1_size =
    offsetof(pmat_analyze_request, options_json) + sizeof(const char *);

void check_request(const pmat_analyze_request *request, const Runtime &rt) {
   if (request->struct_size < k_request_v1_size)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        "request struct_size is smaller than ABI 1.0's pmat_analyze_request");
   if (!request->content && request->content_size > 0)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "content is NULL but content_size is not 0");
   if (request->content_size > rt.max_file_bytes())
      throw StatusError(PMAT_STATUS_TOO_LARGE, "file of " + std::to_string(request->content_size) +
                                                   " bytes is above the limit of " +
                                                   std::to_string(rt.max_file_bytes()) +
                                                   " (configuration key analyzer.max_file_bytes)");
}

pmat_status analyze(const pmat_analyze_request *request, pmat_plugin_buffer *result_out) {
   return guarded([&]() -> pmat_status {
      if (result_out)
         *result_out = pmat_plugin_buffer{};
      if (!request || !result_out)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "request and result_out are required");
      Runtime &rt = require_runtime("analyze called");
      try {
         check_request(request, rt);
         const auto options = shared_analyze_options(request->options_json);
         fill_buffer(analyze_request(*request, *options, rt), result_out);
      } catch (const StatusError &) {
         rt.native_metrics().refused->add();
         throw;
      }
      return PMAT_STATUS_OK;
   });
}

void release(pmat_plugin_buffer *buffer) {
   release_buffer(buffer);
}

const pmat_analyzer k_analyzer = {sizeof(pmat_analyzer), analyze, release};

} // namespace

const pmat_analyzer *analyzer_interface() {
   return &k_analyzer;
}

} // namespace pmat::plugin

// SPDX-License-Identifier: MIT
// pmat.metrics/1: the plugin's registry as JSON, Prometheus text or OpenMetrics.
#include "interfaces.hpp"

#include "c_boundary.hpp"
#include "plugin_buffer.hpp"
#include "runtime.hpp"

#include <boost/json/serialize.hpp>

namespace pmat::plugin {
namespace {

pmat_status render(pmat_metrics_format format, pmat_plugin_buffer *out) {
   return guarded([&]() -> pmat_status {
      if (out)
         *out = pmat_plugin_buffer{};
      if (!out)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "out is required");
      Runtime &rt = require_runtime("metrics read");
      switch (format) {
      case PMAT_METRICS_JSON:
         fill_buffer(boost::json::serialize(rt.registry().render_json()), out);
         return PMAT_STATUS_OK;
      case PMAT_METRICS_PROMETHEUS_TEXT:
      case PMAT_METRICS_OPENMETRICS:
         fill_buffer(rt.registry().render_text(format), out);
         return PMAT_STATUS_OK;
      }
      throw StatusError(PMAT_STATUS_UNSUPPORTED, "unknown metrics format");
   });
}

void release(pmat_plugin_buffer *buffer) {
   release_buffer(buffer);
}

const pmat_metrics k_metrics = {sizeof(pmat_metrics), render, release};

} // namespace

const pmat_metrics *metrics_interface() {
   return &k_metrics;
}

} // namespace pmat::plugin

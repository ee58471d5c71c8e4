// The one-line JSON report pmat-sandbox-exec writes at start (to stderr or --report-fd):
//
//   {"pmat_sandbox":1,"ok":true,"degraded":false,"active":["session",...],
//    "unavailable":{"cgroup":"no --cgroup-parent"},"skipped":["identity"],"launcher_pid":123}
//
// "active": set up and verified; "unavailable": requested but failed (reason); "skipped": not
// requested or meaningless here (e.g. identity when not root). ok=false means the payload was
// not started (fail closed). The pool logs the line and exports the layers as a metric.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pmat/sandbox/layers.hpp>

namespace pmat::sandbox {

struct LayersReport {
   bool ok = false;
   bool degraded = false;
   std::vector<Layer> active;
   std::map<Layer, std::string> unavailable;
   std::vector<Layer> skipped;
   long launcher_pid = 0;

   [[nodiscard]] bool is_active(Layer layer) const;
};

// The prefix every report line starts with, so a stderr reader can pick it out cheaply.
inline constexpr std::string_view report_prefix = "{\"pmat_sandbox\":1,";

// Parses one line; nullopt if it is not a report (other stderr output) or is malformed.
// Unknown layer names are ignored so an older plugin can read a newer launcher's report.
std::optional<LayersReport> parse_layers_report(std::string_view line);

// The line for a report (no trailing newline); what the launcher writes.
std::string format_layers_report(const LayersReport &report);

} // namespace pmat::sandbox

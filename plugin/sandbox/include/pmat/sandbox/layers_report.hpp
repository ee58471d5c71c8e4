// SPDX-License-Identifier: MIT
// The one-line JSON report pmat-sandbox-exec writes at start (to stderr or --report-fd):
//
//   {"pmat_sandbox":1,"ok":true,"degraded":false,"active":["session",...],
//    "unavailable":{"egress":"..."},"skipped":["identity"],"launcher_pid":123,
//    "cgroup_memory":"/sys/fs/cgroup/.../pmat-w-123/memory.current"}
//
// "active": set up and verified; "unavailable": requested but failed (reason); "skipped": not
// requested or meaningless here (e.g. identity when not root). ok=false means the payload was
// not started (fail closed). The pool reads it from --report-fd, logs it, exports the layers as
// a metric and recycles the worker on the cgroup's memory use.
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
   std::string cgroup_memory; // file with the worker cgroup's memory use in bytes; "" = none

   [[nodiscard]] bool is_active(Layer layer) const;
};

// The prefix every report line starts with, so a stderr reader can pick it out cheaply.
inline constexpr std::string_view k_report_prefix = "{\"pmat_sandbox\":1,";

// Parses one line; nullopt if it is not a report (other stderr output) or is malformed.
// Unknown layer names are ignored so an older plugin can read a newer launcher's report.
std::optional<LayersReport> parse_layers_report(std::string_view line);

// The line for a report (no trailing newline); what the launcher writes.
std::string format_layers_report(const LayersReport &report);

} // namespace pmat::sandbox

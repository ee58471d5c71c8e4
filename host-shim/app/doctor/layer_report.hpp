// The launcher's one-line start-up report, read as plain JSON (its format is documented in
// plugin/sandbox/include/pmat/sandbox/layers_report.hpp):
//   {"pmat_sandbox":1,"ok":true,"degraded":false,"active":["userns",...],
//    "unavailable":{"cgroup":"why"},"skipped":["identity"],"launcher_pid":123, ...}
// Unknown keys are ignored, so a newer launcher's extra fields do not break the doctor.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace pmat::doctor {

struct LayerReport {
   bool ok = false;
   bool degraded = false;
   std::set<std::string> active;
   std::map<std::string, std::string> unavailable; // layer -> reason
   std::set<std::string> skipped;
   boost::json::object raw; // the whole line, for the JSON output
};

// The first line of `text` that is a report; nullopt when there is none.
std::optional<LayerReport> find_layer_report(std::string_view text);

} // namespace pmat::doctor

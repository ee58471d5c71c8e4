// SPDX-License-Identifier: MIT
#include <pmat/flags/parse.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace pmat::flags {
namespace {

// Keys in schema order and 2-space indentation, so `pmat-host flags show` and diffs of the file
// are readable; the file is small, so a simple recursive printer is enough.
void pretty(const boost::json::value &v, std::string &out, int depth) {
   const std::string pad(static_cast<std::size_t>(2 * (depth + 1)), ' ');
   if (v.is_object() && !v.get_object().empty()) {
      out += "{\n";
      bool first = true;
      for (const auto &kv : v.get_object()) {
         out += first ? "" : ",\n";
         first = false;
         out += pad + boost::json::serialize(boost::json::value(kv.key())) + ": ";
         pretty(kv.value(), out, depth + 1);
      }
      out += "\n" + std::string(pad.size() - 2, ' ') + "}";
      return;
   }
   out += boost::json::serialize(v);
}

} // namespace

std::string to_json(const FlagsConfig &c) {
   boost::json::array allow;
   for (const auto &id : c.allowlist)
      allow.emplace_back(id);
   const boost::json::object doc = {
       {"version", k_flags_file_version},
       {"kill_switch", c.kill_switch},
       {"claude",
        {{"strategy", to_string(c.strategy)},
         {"percentage", c.percentage},
         {"salt", c.salt},
         {"allowlist", std::move(allow)}}},
       {"limits", {{"max_latency_ms", c.max_latency_ms}, {"pool_size", c.pool_size}}},
       {"rollback",
        {{"enabled", c.rollback.enabled},
         {"window_ms", c.rollback.window_ms},
         {"max_error_ratio", c.rollback.max_error_ratio},
         {"p95_latency_ms", c.rollback.p95_latency_ms},
         {"consecutive_windows", c.rollback.consecutive_windows},
         {"min_requests", c.rollback.min_requests},
         {"latched", c.rollback_latched},
         {"reason", c.rollback_reason}}}};
   std::string out;
   pretty(doc, out, 0);
   return out + "\n";
}

} // namespace pmat::flags

// SPDX-License-Identifier: MIT
// Everything one rendering of the console shows, gathered once per request so the page is one
// consistent picture: the shim's status (with the plugin's flags, pool and cache), the fleet view,
// a reading taken now and the last hour's readings. Plain data: the sections never call the shim.
#pragma once

#include "reading.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmat::serve::console {

struct ConsoleState {
   boost::json::object status;               // GET /v1/status's body
   std::optional<boost::json::object> fleet; // the plugin's fleet view, when it has one
   std::string fleet_error;                  // why there is none
   Reading now;                              // taken for this rendering
   std::vector<Reading> history;             // the ring buffer, oldest first
   std::int64_t chart_span_ms = 3'600'000;   // what the charts' time axis covers
};

// Read-only JSON access that never throws: absent or mistyped fields give the fallback.
const boost::json::object *object_at(const boost::json::object &object, const char *key);
std::string string_at(const boost::json::object *object, const char *key,
                      const std::string &fallback = "");
double number_at(const boost::json::object *object, const char *key, double fallback = 0);
bool bool_at(const boost::json::object *object, const char *key, bool fallback = false);

} // namespace pmat::serve::console

// Which engine answers a request, and how Claude's review joins the native result. The native
// metrics are always computed and always present; Claude's findings go under "claude"; when
// Claude was wanted but native answered, "fallback_reason" says why (docs/result-schema.md).
#pragma once

#include "analyze_options.hpp"
#include "runtime.hpp"

#include <pmat/plugin_api.h>

#include <boost/json/object.hpp>

#include <string_view>

namespace pmat::plugin {

// Adds Claude's review to `result` (the native result of the same file) when the request and
// the rollout want it; otherwise, or when Claude fails, records the fallback.
void add_claude_review(std::string_view content, const AnalyzeOptions &options, Runtime &rt,
                       boost::json::object &result);

} // namespace pmat::plugin

// The options JSON of an analyze request (docs/result-schema.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pmat::plugin {

enum class Engine { Auto, Native, Claude };

struct AnalyzeOptions {
   Engine engine = Engine::Auto;
   std::string profile = "default";
   std::string caller_id;
   // Claude's deadline: the smaller of "deadline_ms" and "timeout_ms" when both are given.
   std::optional<std::uint32_t> deadline_ms;
   // Claude's model for this request ("model"); empty = claude.model, else the bridge's default.
   std::string model;
   // Claude's output budget per file ("max_output_tokens"); unset = claude.max_output_tokens.
   std::optional<std::uint32_t> max_output_tokens;
};

// Parses `json` (NULL = defaults). Unknown keys are ignored; a known key with a wrong type or
// value throws StatusError(PMAT_STATUS_INVALID_ARGUMENT) naming it.
AnalyzeOptions parse_analyze_options(const char *json);

} // namespace pmat::plugin

// SPDX-License-Identifier: MIT
// The options JSON of an analyze request (docs/result-schema.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
   // A review of a change ("changed_lines": [[first, last], ...], 1-based inclusive): Claude is
   // shown these lines marked and its findings elsewhere are dropped. Unset = the whole file.
   std::optional<std::vector<std::pair<std::int64_t, std::int64_t>>> changed_lines;
   // The repository's review instructions ("instructions"), sent with the system prompt; part of
   // the Claude cache key. Empty = none.
   std::string instructions;
};

// Parses `json` (NULL = defaults). Unknown keys are ignored; a known key with a wrong type or
// value throws StatusError(PMAT_STATUS_INVALID_ARGUMENT) naming it.
AnalyzeOptions parse_analyze_options(const char *json);

// parse_analyze_options, remembering the last text parsed: a whole-tree run sends the same
// options with every file, and parsing them was as costly as a small file's JSON answer. The
// options are shared, never changed; they stay valid while the caller holds them. Throws as
// parse_analyze_options (a refused text is not remembered). Thread: any.
std::shared_ptr<const AnalyzeOptions> shared_analyze_options(const char *json);

} // namespace pmat::plugin

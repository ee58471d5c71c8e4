#pragma once
// Claude's part of a report: the reviews libpmat_claude.so attached to per-file results
// (`engine: "claude"`, `claude: {summary, risk, findings, ...}`) and the files where Claude was
// wanted but native answered (`fallback_reason`). Advice only: none of it affects the gate.

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pmat::report::detail {

struct ClaudeFinding {
   std::string file;
   std::string function; // empty for a file-level finding
   std::int64_t line = 1;
   std::string severity; // info | warning | error | critical
   std::string category; // complexity | correctness | security | ...
   std::string message;
   std::string suggestion;
};

struct ClaudeRefactoring {
   std::string file;
   std::int64_t line = 1;
   std::string effort; // small | medium | large
   std::string title;
   std::string description;
};

struct ClaudeFileReview {
   std::string file;
   std::string risk; // low | medium | high | critical
   std::string summary;
};

struct ClaudeReview {
   std::vector<ClaudeFileReview> files;
   std::vector<ClaudeFinding> findings;
   std::vector<ClaudeRefactoring> refactorings;
   std::map<std::string, std::size_t> fallbacks; // fallback_reason -> files
   [[nodiscard]] bool empty() const { return files.empty() && fallbacks.empty(); }
};

// Adds one analysed file's Claude part, if it has one. `path` is the report's name for the file.
void add_claude_review(ClaudeReview &review, const std::string &path,
                       const boost::json::object &result);

// SARIF level of a finding's severity: error and critical -> error, warning, info -> note.
const char *sarif_level(const std::string &severity);

} // namespace pmat::report::detail

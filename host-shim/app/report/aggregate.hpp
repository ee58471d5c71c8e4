#pragma once
// The report's data, computed once and shared by the three renderers.

#include "claude_review.hpp"
#include "report.hpp"

#include <boost/json/array.hpp>

#include <cstdint>

namespace pmat::report::detail {

struct FunctionRef {
   std::string file;
   std::string name;
   std::int64_t line = 0;
   std::int64_t cyclomatic = 0;
   std::int64_t cognitive = 0;
};

struct Distribution {
   double median = 0;
   std::int64_t max = 0;
   double p90 = 0;
};

struct Report {
   std::string profile;
   std::size_t total_files = 0; // analysed, not skipped
   std::size_t skipped_files = 0;
   std::size_t errored_files = 0;
   std::vector<FunctionRef> functions;
   Distribution cyclomatic;
   Distribution cognitive;
   double technical_debt_hours = 0;
   std::vector<const FileOutcome *> files; // analysed and skipped files, in order; borrowed from
                                           // the outcomes given to aggregate()
   boost::json::array violations;          // every file's violations, in file order
   boost::json::array errors;              // {path, error} for files that could not be analysed
   std::size_t error_violations = 0;
   std::size_t warning_violations = 0;
   std::size_t satd_items = 0;
   ClaudeReview claude; // empty unless the analyzer was libpmat_claude.so with Claude wanted
};

// The report refers to `files` (Report::files), which must outlive it.
Report aggregate(const std::vector<FileOutcome> &files, std::string_view profile);

// Up to 10 functions with the highest cyclomatic complexity, ties by file then line.
std::vector<FunctionRef> hotspots(const Report &report);

// The gate of an aggregated report.
Gate gate_of(const Report &report);

boost::json::object render_json_object(const Report &report);
std::string render_json(const Report &report);
std::string render_text(const Report &report);
std::string render_sarif(const Report &report);

} // namespace pmat::report::detail

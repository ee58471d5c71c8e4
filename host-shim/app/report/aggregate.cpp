// SPDX-License-Identifier: MIT
#include "aggregate.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>

namespace pmat::report::detail {
namespace {

// Estimated effort, in hours, to pay back the debt a report shows (documented in
// docs/result-schema.md): a quarter hour per cyclomatic point above 10 and per cognitive point
// above 15 in each function, plus a fixed cost per SATD item by severity.
constexpr double k_hours_per_excess_point = 0.25;

double satd_hours(std::string_view severity) {
   if (severity == "Critical") {
      return 4.0;
   }
   if (severity == "High") {
      return 2.0;
   }
   return severity == "Medium" ? 1.0 : 0.5;
}

// The value that sorting `values` would put at `index` (index < size), found by selection:
// values before it end up no greater, values after it no smaller.
std::int64_t nth_value(std::vector<std::int64_t> &values, std::size_t index) {
   const auto at = values.begin() + static_cast<std::ptrdiff_t>(index);
   std::nth_element(values.begin(), at, values.end());
   return *at;
}

// Median, maximum and nearest-rank 90th percentile: what sorting and indexing gives, by
// selection (gnulib x10 reports 36,820 functions after its last file).
Distribution distribution(std::vector<std::int64_t> values) {
   Distribution out;
   if (values.empty())
      return out;
   const std::size_t size = values.size();
   const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(size)));
   out.p90 = static_cast<double>(nth_value(values, std::max<std::size_t>(rank, 1) - 1));
   out.max = *std::max_element(values.begin(), values.end());
   const std::int64_t upper = nth_value(values, size / 2);
   if (size % 2 == 1) {
      out.median = static_cast<double>(upper);
   } else { // the lower middle is the largest value of the half before the upper middle
      const auto lower =
          *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(size / 2));
      out.median = (static_cast<double>(lower) + static_cast<double>(upper)) / 2.0;
   }
   return out;
}

void add_functions(Report &report, const std::string &path,
                   const std::vector<ResultFunction> &functions) {
   for (const auto &function : functions) {
      const FunctionRef ref{path, function.name, function.line_start, function.cyclomatic,
                            function.cognitive};
      report.technical_debt_hours +=
          k_hours_per_excess_point *
          static_cast<double>(std::max<std::int64_t>(0, ref.cyclomatic - 10) +
                              std::max<std::int64_t>(0, ref.cognitive - 15));
      report.functions.push_back(ref);
   }
}

void add_satd(Report &report, const std::vector<std::string> &severities) {
   for (const auto &severity : severities) {
      ++report.satd_items;
      report.technical_debt_hours += satd_hours(severity);
   }
}

// The lines a violation is about: its function's (complexity rules), else its own line (SATD).
LineSpan violation_span(const ResultViolation &violation, const FileResult &result) {
   const std::int64_t line = std::max<std::int64_t>(violation.line, 1);
   LineSpan span{line, line};
   for (const auto &candidate : result.functions) {
      if (!violation.function.empty() && candidate.name == violation.function &&
          candidate.line_start == line)
         span.last = std::max(line, candidate.line_end);
   }
   return span;
}

// A violation counts unless the run reviews a change and it touches none of the changed lines.
bool counts(const ResultViolation &violation, const FileOutcome &file) {
   if (!file.changed)
      return true;
   const LineSpan span = violation_span(violation, file.result);
   return overlaps(*file.changed, span.first, span.last);
}

void add_violations(Report &report, const FileOutcome &file) {
   for (const auto &violation : file.result.violations) {
      if (!counts(violation, file)) {
         ++report.violations_outside_change;
         continue;
      }
      ++(violation.severity == "error" ? report.error_violations : report.warning_violations);
      report.violations.push_back(&violation);
   }
}

void add_error(Report &report, const std::string &path, const std::string &error) {
   ++report.errored_files;
   report.errors.push_back(boost::json::object{{"path", path}, {"error", error}});
}

} // namespace

std::string listed_text(const FileOutcome &file) {
   std::string text = file.result.text;
   if (file.changed) {
      boost::json::array spans;
      for (const auto &span : *file.changed)
         spans.push_back(boost::json::array{span.first, span.last});
      append_member(text, "changed_lines", spans);
   }
   if (!file.renamed_from.empty())
      append_member(text, "renamed_from", boost::json::string_view(file.renamed_from));
   return text;
}

boost::json::object listed_result(const FileOutcome &file) {
   boost::json::object result;
   if (file.result.json) {
      result = *file.result.json;
   } else { // a caller that did not keep the parsed result: its text is parsed for the copy
      boost::json::error_code ec;
      auto value = boost::json::parse(file.result.text, ec);
      if (!ec && value.is_object())
         result = std::move(value.get_object());
   }
   if (file.changed) {
      boost::json::array spans;
      for (const auto &span : *file.changed)
         spans.push_back(boost::json::array{span.first, span.last});
      result["changed_lines"] = std::move(spans);
   }
   if (!file.renamed_from.empty())
      result["renamed_from"] = file.renamed_from;
   return result;
}

namespace {

void add_file(Report &report, const FileOutcome &file) {
   if (!file.error.empty() || !file.result.well_formed) {
      add_error(report, file.path, file.error.empty() ? "malformed analyzer result" : file.error);
      return;
   }
   report.files.push_back(&file);
   const std::string &path = report_path(file);
   // A file the native analyzer skipped (a language it does not parse) may still have Claude's
   // review.
   add_claude_review(report.claude, path, file, report.options);
   if (file.result.skipped) {
      ++report.skipped_files;
      return;
   }
   ++report.total_files;
   add_functions(report, path, file.result.functions);
   add_satd(report, file.result.satd_severities);
   add_violations(report, file);
}

} // namespace

const std::string &report_path(const FileOutcome &file) {
   return file.result.path ? *file.result.path : file.path;
}

Report aggregate(const std::vector<FileOutcome> &files, const ReportOptions &options) {
   Report report;
   report.profile = options.profile;
   report.options = options;
   // Room for every function and violation at once: grown one by one, the vectors of a whole
   // tree were reallocated a dozen times after the last file, each time into fresh pages.
   std::size_t functions = 0, violations = 0;
   for (const auto &file : files) {
      functions += file.result.functions.size();
      violations += file.result.violations.size();
   }
   report.functions.reserve(functions);
   report.violations.reserve(violations);
   report.files.reserve(files.size());
   for (const auto &file : files) {
      add_file(report, file);
   }
   std::vector<std::int64_t> cyclomatic, cognitive;
   cyclomatic.reserve(report.functions.size());
   cognitive.reserve(report.functions.size());
   for (const auto &function : report.functions) {
      cyclomatic.push_back(function.cyclomatic);
      cognitive.push_back(function.cognitive);
   }
   report.cyclomatic = distribution(std::move(cyclomatic));
   report.cognitive = distribution(std::move(cognitive));
   return report;
}

std::vector<FunctionRef> hotspots(const Report &report) {
   // The ten first in that order, found without copying or sorting the rest (gnulib x10 reports
   // 36,820 functions).
   std::vector<FunctionRef> top(std::min<std::size_t>(10, report.functions.size()));
   std::partial_sort_copy(report.functions.begin(), report.functions.end(), top.begin(), top.end(),
                          [](const FunctionRef &a, const FunctionRef &b) {
                             if (a.cyclomatic != b.cyclomatic) {
                                return a.cyclomatic > b.cyclomatic;
                             }
                             return a.file != b.file ? a.file < b.file : a.line < b.line;
                          });
   return top;
}

} // namespace pmat::report::detail

// SPDX-License-Identifier: MIT
#include "aggregate.hpp"

#include <pmat/common/json_text.hpp>

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <sstream>

namespace pmat::report {
namespace detail {
namespace {

boost::json::object usage_json(const ClaudeUsage &usage) {
   return boost::json::object{{"input_tokens", usage.input_tokens},
                              {"output_tokens", usage.output_tokens},
                              {"cache_read_input_tokens", usage.cache_read_input_tokens},
                              {"cache_creation_input_tokens", usage.cache_creation_input_tokens}};
}

boost::json::object distribution_json(const Report &report) {
   boost::json::object summary;
   summary["total_files"] = report.total_files;
   summary["total_functions"] = report.functions.size();
   summary["median_cyclomatic"] = report.cyclomatic.median;
   summary["median_cognitive"] = report.cognitive.median;
   summary["max_cyclomatic"] = report.cyclomatic.max;
   summary["max_cognitive"] = report.cognitive.max;
   summary["p90_cyclomatic"] = report.cyclomatic.p90;
   summary["p90_cognitive"] = report.cognitive.p90;
   summary["technical_debt_hours"] = report.technical_debt_hours;
   summary["skipped_files"] = report.skipped_files;
   summary["errored_files"] = report.errored_files;
   summary["satd_items"] = report.satd_items;
   summary["claude_reviewed_files"] = report.claude.files.size();
   summary["claude_findings"] = report.claude.findings.size();
   summary["claude_refactorings"] = report.claude.refactorings.size();
   boost::json::object fallbacks;
   for (const auto &[reason, count] : report.claude.fallbacks)
      fallbacks[reason] = count;
   summary["claude_fallbacks"] = std::move(fallbacks);
   boost::json::object filtered;
   for (const auto &[reason, count] : report.claude.filtered)
      filtered[reason] = count;
   summary["claude_filtered"] = std::move(filtered);
   summary["violations_outside_change"] = report.violations_outside_change;
   summary["claude_usage"] = usage_json(report.claude.usage);
   summary["claude_cost_usd"] = report.claude.usage.cost_usd;
   summary["claude_dropped_findings"] = report.claude.dropped_findings;
   return summary;
}

boost::json::array hotspots_json(const Report &report) {
   boost::json::array out;
   for (const auto &spot : hotspots(report)) {
      out.push_back(boost::json::object{{"file", spot.file},
                                        {"function", spot.name},
                                        {"line", spot.line},
                                        {"complexity", spot.cyclomatic},
                                        {"complexity_type", "cyclomatic"}});
   }
   return out;
}

std::string field(const boost::json::value &error, std::string_view key) {
   const auto *value = error.get_object().if_contains(key);
   if (value == nullptr) {
      return {};
   }
   return value->is_string() ? std::string(value->get_string()) : boost::json::serialize(*value);
}

// A member's text: `key` is its literal start (`,"name":`), the value written as Boost does.
void write_member(std::string &out, std::string_view key, std::string_view value) {
   out += key;
   pmat::common::append_json_string(out, value);
}

void write_member(std::string &out, std::string_view key, std::int64_t value) {
   out += key;
   pmat::common::append_json_integer(out, value);
}

// What serialize(violation_json(violation)) writes, without building the object: a whole
// tree's report lists thousands (11,120 for gnulib x10) after the last file is analysed.
void append_violation_text(std::string &out, const ResultViolation &violation) {
   write_member(out, "{\"severity\":", violation.severity);
   write_member(out, ",\"rule\":", violation.rule);
   write_member(out, ",\"message\":", violation.message);
   write_member(out, ",\"value\":", violation.value);
   write_member(out, ",\"threshold\":", violation.threshold);
   write_member(out, ",\"file\":", violation.file);
   write_member(out, ",\"line\":", violation.line);
   if (!violation.function.empty())
      write_member(out, ",\"function\":", violation.function);
   out += '}';
}

// `prefix` and the violations array, handed to `write` in pieces of about 64 KiB: a whole tree
// has megabytes of them, never held as one string.
void write_violations_json(const WriteFn &write, std::string_view prefix, const Report &report) {
   constexpr std::size_t k_piece = 64 * 1024;
   std::string out;
   out.reserve(k_piece + 4096);
   out += prefix;
   out += '[';
   for (std::size_t i = 0; i < report.violations.size(); ++i) {
      if (i > 0)
         out += ',';
      append_violation_text(out, *report.violations[i]);
      if (out.size() >= k_piece) {
         write(out);
         out.clear();
      }
   }
   out += ']';
   write(out);
}

boost::json::array violations_json(const Report &report) {
   boost::json::array out;
   out.reserve(report.violations.size());
   for (const ResultViolation *violation : report.violations)
      out.push_back(violation_json(*violation));
   return out;
}

std::string fixed(double value) {
   char buffer[32];
   std::snprintf(buffer, sizeof buffer, "%.1f", value);
   return buffer;
}

std::string counted(std::size_t count, const char *noun) {
   return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// "; native instead of Claude: 3 (breaker-open: 2, deadline: 1)", or nothing.
std::string fallbacks_text(const std::map<std::string, std::size_t> &fallbacks) {
   if (fallbacks.empty())
      return {};
   std::size_t total = 0;
   std::string reasons;
   for (const auto &[reason, count] : fallbacks) {
      total += count;
      reasons += (reasons.empty() ? "" : ", ") + reason + ": " + std::to_string(count);
   }
   return "; native instead of Claude: " + std::to_string(total) + " (" + reasons + ")";
}

// "; filtered: low_confidence: 2, outside_change: 1", or nothing.
std::string filtered_text(const std::map<std::string, std::size_t> &filtered) {
   std::string reasons;
   for (const auto &[reason, count] : filtered)
      reasons += (reasons.empty() ? "" : ", ") + reason + ": " + std::to_string(count);
   return reasons.empty() ? reasons : "; filtered: " + reasons;
}

void render_fix(std::ostringstream &out, const ClaudeFinding &finding,
                const std::map<std::string, std::string> &contents) {
   const auto content = contents.find(finding.file);
   if (!finding.fix || content == contents.end())
      return;
   const auto lines = fix_diff_lines(content->second, *finding.fix);
   if (lines.empty())
      return;
   out << "      fix: @@ -" << finding.fix->line << ","
       << finding.fix->end_line - finding.fix->line + 1 << " @@\n";
   for (const auto &line : lines)
      out << "        " << line << "\n";
}

void render_findings(std::ostringstream &out, const std::vector<ClaudeFinding> &findings,
                     const std::map<std::string, std::string> &contents) {
   for (const auto &finding : findings) {
      out << "  " << finding.file << ":" << finding.line << ": " << finding.severity << " ["
          << finding.category << "]" << (finding.function.empty() ? "" : " " + finding.function)
          << ": " << finding.message << (finding.trips_gate ? " (fails the gate)" : "") << "\n";
      if (!finding.suggestion.empty())
         out << "      suggestion: " << finding.suggestion << "\n";
      render_fix(out, finding, contents);
   }
}

void render_refactorings(std::ostringstream &out,
                         const std::vector<ClaudeRefactoring> &refactorings) {
   for (const auto &refactoring : refactorings) {
      out << "  " << refactoring.file << ":" << refactoring.line << ": refactoring ("
          << refactoring.effort << "): " << refactoring.title << "\n";
      if (!refactoring.description.empty())
         out << "      " << refactoring.description << "\n";
   }
}

// "Claude review: 2 files, 3 findings, 1 refactoring; native instead of Claude: ...", then a line
// per reviewed file, finding and refactoring. Nothing at all for a native-only run.
void render_claude_text(std::ostringstream &out, const ClaudeReview &claude,
                        const std::map<std::string, std::string> &contents) {
   if (claude.empty())
      return;
   out << "Claude review: " << counted(claude.files.size(), "file") << ", "
       << counted(claude.findings.size(), "finding") << ", "
       << counted(claude.refactorings.size(), "refactoring") << fallbacks_text(claude.fallbacks)
       << filtered_text(claude.filtered) << "\n";
   for (const auto &file : claude.files)
      out << "  " << file.file << ": risk " << file.risk << ": " << file.summary << "\n";
   render_findings(out, claude.findings, contents);
   render_refactorings(out, claude.refactorings);
}

// "; changed lines only: 3 violations outside the change not counted; 1 Claude finding at or
// above error", or nothing.
std::string gate_scope_text(const Gate &gate, const ReportOptions &options) {
   std::string out;
   if (gate.changed_lines_only)
      out += "; changed lines only: " + counted(gate.not_counted, "violation") +
             " outside the change not counted";
   if (gate.claude_findings > 0)
      out += "; " + counted(gate.claude_findings, "Claude finding") + " at or above " +
             options.fail_on_claude;
   return out;
}

// Token counts as people read them: 950, 48.2k, 1.3M.
std::string tokens_text(std::int64_t tokens) {
   char buffer[32];
   if (tokens < 1000)
      return std::to_string(tokens);
   const bool millions = tokens >= 1000000;
   std::snprintf(buffer, sizeof buffer, "%.1f%s",
                 static_cast<double>(tokens) / (millions ? 1e6 : 1e3), millions ? "M" : "k");
   return buffer;
}

// The report's last Claude lines: "Claude: 12 files, 48.2k in / 6.1k out tokens, $0.31" when
// Claude answered any file, and the findings dropped for their quotes when there were any.
void render_claude_cost(std::ostringstream &out, const ClaudeReview &claude) {
   if (claude.files.empty())
      return;
   char cost[32];
   std::snprintf(cost, sizeof cost, "$%.2f", claude.usage.cost_usd);
   out << "Claude: " << counted(claude.files.size(), "file") << ", "
       << tokens_text(claude.usage.input_tokens) << " in / "
       << tokens_text(claude.usage.output_tokens) << " out tokens, " << cost << "\n";
   if (claude.dropped_findings > 0)
      out << "Claude: " << counted(claude.dropped_findings, "finding")
          << " dropped: the quoted code was not at the stated line\n";
}

} // namespace

Gate gate_of(const Report &report) {
   Gate gate;
   gate.profile = report.profile;
   gate.violations = report.violations.size();
   gate.errors = report.error_violations;
   gate.warnings = report.warning_violations;
   gate.changed_lines_only = report.options.change.has_value();
   gate.not_counted = report.violations_outside_change;
   gate.claude_findings = report.claude.tripping;
   gate.passed = report.violations.empty() && report.claude.tripping == 0;
   return gate;
}

namespace {

boost::json::array files_json(const Report &report) {
   boost::json::array files;
   files.reserve(report.files.size());
   for (const FileOutcome *file : report.files)
      files.push_back(listed_result(*file));
   return files;
}

// The files array, each entry the plugin's own text (copied only when the report adds to it).
void write_files_json(const WriteFn &write, const Report &report) {
   write("[");
   for (std::size_t i = 0; i < report.files.size(); ++i) {
      if (i > 0)
         write(",");
      const FileOutcome &file = *report.files[i];
      if (!file.changed && file.renamed_from.empty())
         write(file.result.text);
      else
         write(listed_text(file));
   }
   write("]");
}

} // namespace

boost::json::object render_json_object(const Report &report) {
   boost::json::object root;
   root["summary"] = distribution_json(report);
   root["files"] = files_json(report);
   root["violations"] = violations_json(report);
   root["hotspots"] = hotspots_json(report);
   root["gate"] = gate_json(gate_of(report));
   root["errors"] = report.errors;
   if (report.options.change)
      root["change"] = change_json(*report.options.change);
   return root;
}

void write_json(const WriteFn &write, const Report &report) {
   // What serialize(render_json_object(report)) writes, member by member, so that the files
   // are written from their own text: Boost.JSON writes an object as {"key":value,...}.
   write("{\"summary\":" + boost::json::serialize(distribution_json(report)) + ",\"files\":");
   write_files_json(write, report);
   write_violations_json(write, ",\"violations\":", report);
   std::string out = ",\"hotspots\":" + boost::json::serialize(hotspots_json(report));
   out += ",\"gate\":" + boost::json::serialize(gate_json(gate_of(report)));
   out += ",\"errors\":" + boost::json::serialize(report.errors);
   if (report.options.change)
      out += ",\"change\":" + boost::json::serialize(change_json(*report.options.change));
   write(out + "}\n");
}

std::string render_json(const Report &report) {
   std::string out;
   write_json([&out](std::string_view piece) { out += piece; }, report);
   return out;
}

std::string render_text(const Report &report, const std::map<std::string, std::string> &contents) {
   std::ostringstream out;
   if (report.options.change)
      out << change_text(*report.options.change);
   out << "Files: " << report.total_files << " analysed, " << report.skipped_files << " skipped, "
       << report.errored_files << " errored; functions: " << report.functions.size() << "\n";
   out << "Cyclomatic: median " << fixed(report.cyclomatic.median) << ", p90 "
       << fixed(report.cyclomatic.p90) << ", max " << report.cyclomatic.max
       << "   Cognitive: median " << fixed(report.cognitive.median) << ", p90 "
       << fixed(report.cognitive.p90) << ", max " << report.cognitive.max << "\n";
   out << "Technical debt: " << fixed(report.technical_debt_hours)
       << " h; SATD items: " << report.satd_items << "\n";
   const auto spots = hotspots(report);
   if (!spots.empty()) {
      out << "Hotspots:\n";
   }
   for (const auto &spot : spots) {
      out << "  " << spot.cyclomatic << "  " << spot.file << ":" << spot.line << "  " << spot.name
          << "\n";
   }
   for (const ResultViolation *violation : report.violations) {
      out << violation->file << ":" << violation->line << ": " << violation->severity << ": "
          << violation->message << " [" << violation->rule << "]\n";
   }
   render_claude_text(out, report.claude, contents);
   for (const auto &error : report.errors) {
      out << field(error, "path") << ": not analysed: " << field(error, "error") << "\n";
   }
   const Gate gate = gate_of(report);
   out << "Quality gate (" << gate.profile << "): " << (gate.passed ? "PASSED" : "FAILED") << " - "
       << gate.errors << " errors, " << gate.warnings << " warnings"
       << gate_scope_text(gate, report.options) << "\n";
   render_claude_cost(out, report.claude);
   return out.str();
}

} // namespace detail

namespace {

ReportOptions with_profile(std::string_view profile) {
   ReportOptions options;
   options.profile = std::string(profile);
   return options;
}

// The texts of the files that carry them (those with Claude's fixes), by report path.
std::map<std::string, std::string> contents_of(const std::vector<FileOutcome> &files) {
   std::map<std::string, std::string> contents;
   for (const auto &file : files) {
      if (!file.content.empty())
         contents[detail::report_path(file)] = file.content;
   }
   return contents;
}

} // namespace

boost::json::object gate_json(const Gate &gate) {
   return boost::json::object{{"profile", gate.profile},
                              {"passed", gate.passed},
                              {"violations", gate.violations},
                              {"errors", gate.errors},
                              {"warnings", gate.warnings},
                              {"scope", gate.changed_lines_only ? "changed-lines" : "all"},
                              {"not_counted", gate.not_counted},
                              {"claude_findings", gate.claude_findings}};
}

Gate evaluate_gate(const std::vector<FileOutcome> &files, const ReportOptions &options) {
   return detail::gate_of(detail::aggregate(files, options));
}

Gate evaluate_gate(const std::vector<FileOutcome> &files, std::string_view profile) {
   return evaluate_gate(files, with_profile(profile));
}

boost::json::object json_report(const std::vector<FileOutcome> &files,
                                const ReportOptions &options) {
   return detail::render_json_object(detail::aggregate(files, options));
}

boost::json::object json_report(const std::vector<FileOutcome> &files, std::string_view profile) {
   return json_report(files, with_profile(profile));
}

std::string json_report_text(const std::vector<FileOutcome> &files, const ReportOptions &options) {
   std::string text = detail::render_json(detail::aggregate(files, options));
   text.pop_back(); // the newline that ends render's output
   return text;
}

std::string fixes_patch(const std::vector<FileOutcome> &files, const ReportOptions &options) {
   return detail::patch_of(detail::aggregate(files, options), contents_of(files));
}

Rendered render(const std::vector<FileOutcome> &files, Format format,
                const ReportOptions &options) {
   Rendered rendered;
   rendered.gate = render_to(files, format, options,
                             [&rendered](std::string_view piece) { rendered.output += piece; });
   return rendered;
}

Gate render_to(const std::vector<FileOutcome> &files, Format format, const ReportOptions &options,
               const WriteFn &write) {
   const detail::Report report = detail::aggregate(files, options);
   if (format == Format::Json)
      detail::write_json(write, report);
   else if (format == Format::Sarif)
      write(detail::render_sarif(report, contents_of(files)));
   else
      write(detail::render_text(report, contents_of(files)));
   return detail::gate_of(report);
}

Rendered render(const std::vector<FileOutcome> &files, Format format, std::string_view profile) {
   return render(files, format, with_profile(profile));
}

} // namespace pmat::report

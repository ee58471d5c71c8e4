#include "aggregate.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <sstream>

namespace pmat::report {
namespace detail {
namespace {

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

std::string field(const boost::json::value &violation, std::string_view key) {
   const auto *value = violation.get_object().if_contains(key);
   if (value == nullptr) {
      return {};
   }
   return value->is_string() ? std::string(value->get_string()) : boost::json::serialize(*value);
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

void render_findings(std::ostringstream &out, const std::vector<ClaudeFinding> &findings) {
   for (const auto &finding : findings) {
      out << "  " << finding.file << ":" << finding.line << ": " << finding.severity << " ["
          << finding.category << "]" << (finding.function.empty() ? "" : " " + finding.function)
          << ": " << finding.message << "\n";
      if (!finding.suggestion.empty())
         out << "      suggestion: " << finding.suggestion << "\n";
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
void render_claude_text(std::ostringstream &out, const ClaudeReview &claude) {
   if (claude.empty())
      return;
   out << "Claude review: " << counted(claude.files.size(), "file") << ", "
       << counted(claude.findings.size(), "finding") << ", "
       << counted(claude.refactorings.size(), "refactoring") << fallbacks_text(claude.fallbacks)
       << "\n";
   for (const auto &file : claude.files)
      out << "  " << file.file << ": risk " << file.risk << ": " << file.summary << "\n";
   render_findings(out, claude.findings);
   render_refactorings(out, claude.refactorings);
}

} // namespace

Gate gate_of(const Report &report) {
   Gate gate;
   gate.profile = report.profile;
   gate.passed = report.violations.empty();
   gate.violations = report.violations.size();
   gate.errors = report.error_violations;
   gate.warnings = report.warning_violations;
   return gate;
}

namespace {

boost::json::array files_json(const Report &report) {
   boost::json::array files;
   files.reserve(report.files.size());
   for (const FileOutcome *file : report.files)
      files.push_back(file->result);
   return files;
}

// The "files" array as text: each file's own JSON text when the caller kept it (no copy, no
// second serialisation of the biggest part of a report), else its object serialised.
void append_files_json(std::string &out, const Report &report) {
   out += '[';
   for (std::size_t i = 0; i < report.files.size(); ++i) {
      const FileOutcome &file = *report.files[i];
      out += i == 0 ? "" : ",";
      out += file.text.empty() ? boost::json::serialize(file.result) : file.text;
   }
   out += ']';
}

} // namespace

boost::json::object render_json_object(const Report &report) {
   boost::json::object root;
   root["summary"] = distribution_json(report);
   root["files"] = files_json(report);
   root["violations"] = report.violations;
   root["hotspots"] = hotspots_json(report);
   root["gate"] = gate_json(gate_of(report));
   root["errors"] = report.errors;
   return root;
}

std::string render_json(const Report &report) {
   // What serialize(render_json_object(report)) writes, member by member, so that the files
   // are written from their own text: Boost.JSON writes an object as {"key":value,...}.
   std::string out = "{\"summary\":" + boost::json::serialize(distribution_json(report));
   out += ",\"files\":";
   append_files_json(out, report);
   out += ",\"violations\":" + boost::json::serialize(report.violations);
   out += ",\"hotspots\":" + boost::json::serialize(hotspots_json(report));
   out += ",\"gate\":" + boost::json::serialize(gate_json(gate_of(report)));
   out += ",\"errors\":" + boost::json::serialize(report.errors);
   return out + "}\n";
}

std::string render_text(const Report &report) {
   std::ostringstream out;
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
   for (const auto &violation : report.violations) {
      out << field(violation, "file") << ":" << field(violation, "line") << ": "
          << field(violation, "severity") << ": " << field(violation, "message") << " ["
          << field(violation, "rule") << "]\n";
   }
   render_claude_text(out, report.claude);
   for (const auto &error : report.errors) {
      out << field(error, "path") << ": not analysed: " << field(error, "error") << "\n";
   }
   const Gate gate = gate_of(report);
   out << "Quality gate (" << gate.profile << "): " << (gate.passed ? "PASSED" : "FAILED") << " - "
       << gate.errors << " errors, " << gate.warnings << " warnings\n";
   return out.str();
}

} // namespace detail

boost::json::object gate_json(const Gate &gate) {
   return boost::json::object{{"profile", gate.profile},
                              {"passed", gate.passed},
                              {"violations", gate.violations},
                              {"errors", gate.errors},
                              {"warnings", gate.warnings}};
}

Gate evaluate_gate(const std::vector<FileOutcome> &files, std::string_view profile) {
   return detail::gate_of(detail::aggregate(files, profile));
}

boost::json::object json_report(const std::vector<FileOutcome> &files, std::string_view profile) {
   return detail::render_json_object(detail::aggregate(files, profile));
}

Rendered render(const std::vector<FileOutcome> &files, Format format, std::string_view profile) {
   const detail::Report report = detail::aggregate(files, profile);
   Rendered rendered;
   rendered.gate = detail::gate_of(report);
   if (format == Format::Json) {
      rendered.output = detail::render_json(report);
   } else if (format == Format::Sarif) {
      rendered.output = detail::render_sarif(report);
   } else {
      rendered.output = detail::render_text(report);
   }
   return rendered;
}

} // namespace pmat::report

// SPDX-License-Identifier: MIT
#include "analyzers.hpp"
#include "lexer.hpp"
#include "satd.hpp"
#include "text_check.hpp"

#include <pmat/native/analysis.hpp>

#include <exception>
#include <new>

namespace pmat::native {
namespace {

FileAnalysis skipped(FileAnalysis analysis, std::string reason) {
   analysis.skipped = true;
   analysis.skip_reason = std::move(reason);
   return analysis;
}

std::uint32_t count_lines(std::string_view content, std::uint32_t last_line) {
   if (content.empty()) {
      return 0;
   }
   return content.back() == '\n' ? last_line - 1 : last_line;
}

void run_analyzer(FileAnalysis &analysis, std::string_view content, SatdRule satd_rule) {
   detail::SatdCollector satd(analysis, satd_rule);
   detail::Lexer lexer(content, detail::lexer_config(analysis.language), satd);
   detail::FunctionTracker functions(analysis);
   if (analysis.language == Language::Python) {
      detail::analyze_python(lexer, functions);
   } else {
      detail::analyze_brace_language(analysis.language, lexer, functions);
   }
   analysis.lines = count_lines(content, lexer.line());
}

} // namespace

FileAnalysis analyze(std::string_view path, Language language, std::string_view content,
                     const Options &options) {
   FileAnalysis analysis;
   analysis.path = std::string(path);
   analysis.bytes = content.size();
   analysis.language = language == Language::Unknown ? detect_language(path, content) : language;
   if (analysis.language == Language::Unknown) {
      return skipped(std::move(analysis), "unsupported language (no known extension or shebang)");
   }
   std::string reason = detail::text_skip_reason(content);
   if (!reason.empty()) {
      return skipped(std::move(analysis), std::move(reason));
   }
   run_analyzer(analysis, content, options.satd_rule);
   GateThresholds thresholds;
   if (!gate_thresholds(options.profile, thresholds)) {
      gate_thresholds("default", thresholds);
   }
   apply_gate(analysis, thresholds);
   return analysis;
}

boost::json::object analyze_file(std::string_view path, std::string_view language_hint,
                                 std::string_view content, const Options &options) {
   const Language hinted = language_from_name(language_hint);
   if (!language_hint.empty() && hinted == Language::Unknown) {
      FileAnalysis analysis;
      analysis.path = std::string(path);
      analysis.bytes = content.size();
      return to_json(skipped(std::move(analysis),
                             "unsupported language '" + std::string(language_hint) + "'"));
   }
   try {
      return to_json(analyze(path, hinted, content, options));
   } catch (const std::bad_alloc &) {
      throw;
   } catch (const std::exception &error) {
      // Defensive: the analysis is written not to throw; a report beats losing the whole run.
      FileAnalysis analysis;
      analysis.path = std::string(path);
      analysis.bytes = content.size();
      return to_json(skipped(std::move(analysis), std::string("internal error: ") + error.what()));
   }
}

} // namespace pmat::native

// SPDX-License-Identifier: MIT
#pragma once
// SATD: classifies comment lines as self-admitted technical debt with upstream pmat's rule (its
// `satd_detector` classification, pmat issue #925): a line is debt when it opens with a debt
// marker followed by a separator and a work item, or when it contains an admission phrase
// anywhere. Rules: docs/native-analyzer.md, "SATD".

#include "lexer.hpp"

#include <pmat/native/analysis.hpp>
#include <pmat/native/result.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace pmat::native::detail {

struct SatdMatch {
   std::string_view marker; // as written in the text
   std::size_t offset = 0;  // of the marker within the line
   SatdCategory category = SatdCategory::Requirement;
   SatdSeverity severity = SatdSeverity::Low;
};

// The debt on one comment line (without a Python `#` opener or a block comment's closing `*/`;
// `//`, `/*`, `///`, `//!` and ` * ` leaders are stripped here), if any.
std::optional<SatdMatch> classify_satd_line(std::string_view line,
                                            SatdRule rule = SatdRule::Default);

// Collects SATD items from every comment the lexer reports into `analysis.satd`.
class SatdCollector final : public CommentSink {
 public:
   SatdCollector(FileAnalysis &analysis, SatdRule rule) : analysis_(analysis), rule_(rule) {}
   void on_comment(std::string_view text, std::uint32_t line, std::uint32_t column) override;

 private:
   // `phrase_possible` false when the line is known to hold no admission phrase.
   void on_line(std::string_view text, std::uint32_t line, std::uint32_t column,
                bool phrase_possible);
   FileAnalysis &analysis_;
   SatdRule rule_;
};

} // namespace pmat::native::detail

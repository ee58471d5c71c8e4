#pragma once
// SATD: finds debt markers in comment text and classifies them with pmat's categories and
// severities.

#include "lexer.hpp"

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

// The most severe debt marker on one comment line, if any.
std::optional<SatdMatch> classify_satd_line(std::string_view line);

// Collects SATD items from every comment the lexer reports into `analysis.satd`.
class SatdCollector final : public CommentSink {
 public:
   explicit SatdCollector(FileAnalysis &analysis) : analysis_(analysis) {}
   void on_comment(std::string_view text, std::uint32_t line, std::uint32_t column) override;

 private:
   void on_line(std::string_view text, std::uint32_t line, std::uint32_t column);
   FileAnalysis &analysis_;
};

} // namespace pmat::native::detail

// Claude's findings checked against the file they are about. Each finding and refactoring names
// a line and quotes a snippet of the code there; the snippet decides where it really belongs:
//  - found on the stated line: kept;
//  - found within k_anchor_window lines of it (nearest first, earlier on a tie): re-anchored
//    there, its end_line moved by the same amount;
//  - not found in that window (or no usable snippet): dropped, and counted.
// Matching ignores leading/trailing whitespace and runs of blanks, so re-indented quotes match.
// Every kept item gets an end_line in line..the file's last line.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <string_view>

namespace pmat::plugin::claude {

// How far (in lines, either way) a snippet is looked for around its stated line. A model that
// reads the numbered prompt lands within a line or two; farther away it is as likely to be
// another occurrence of the same code as the one meant.
inline constexpr std::size_t k_anchor_window = 5;

struct AnchorCounts {
   std::size_t kept = 0;
   std::size_t reanchored = 0;
   std::size_t dropped = 0;
};

// Checks "findings" and "refactorings" of `analysis` against `content`, rewriting them in place
// (line, end_line; dropped items removed) and setting "dropped_findings" (findings and
// refactorings dropped). Returns the counts.
AnchorCounts anchor_findings(boost::json::object &analysis, std::string_view content);

} // namespace pmat::plugin::claude

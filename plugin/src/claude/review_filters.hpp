// SPDX-License-Identifier: MIT
// Claude's answer for one file, held to what a review of a change asks (after the anchors are
// checked, so lines are the file's):
//  - a finding that repeats a native violation is dropped: category "complexity" in a function
//    the native analyzer flags for cyclomatic or cognitive complexity, or category
//    "maintainability" / "documentation" on the line of a native SATD violation;
//  - with changed lines, a finding or refactoring whose line..end_line touches none is dropped;
//  - a finding's fix is kept only when it applies: 1 <= line <= end_line <= the file's lines and
//    its "original" is those lines of the file (trailing blanks and CR ignored); else the fix
//    alone is removed.
// Counts go into the analysis: "dropped_duplicates", "dropped_outside_change", "dropped_fixes".
#pragma once

#include "batcher.hpp"

#include <boost/json/object.hpp>

#include <cstddef>

namespace pmat::plugin::claude {

struct ReviewCounts {
   std::size_t duplicates = 0;
   std::size_t outside_change = 0;
   std::size_t fixes_kept = 0;
   std::size_t fixes_dropped = 0;
};

// Applies the rules above to `analysis` (the bridge's per-file answer) for `item`.
ReviewCounts review_filters(boost::json::object &analysis, const BatchItem &item);

} // namespace pmat::plugin::claude

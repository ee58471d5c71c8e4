// SPDX-License-Identifier: MIT
#include "change_scope.hpp"

#include <algorithm>

namespace pmat::report {

bool overlaps(const std::vector<LineSpan> &spans, std::int64_t first, std::int64_t last) {
   return std::any_of(spans.begin(), spans.end(), [&](const LineSpan &span) {
      return span.first <= last && first <= span.last;
   });
}

} // namespace pmat::report

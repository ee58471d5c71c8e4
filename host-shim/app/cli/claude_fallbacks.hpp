// SPDX-License-Identifier: MIT
// What `pmat-host analyze` says on stderr about files where Claude was wanted but native
// answered (`fallback_reason`), and whether --require-claude turns them into exit code 5.
#pragma once

#include <report/report.hpp>

#include <ostream>
#include <vector>

namespace pmat::cli {

// Writes to `err`: with `required`, one line per fallen-back file naming its reason when
// `per_file` (the text format), else one line with the count; without, one warning line naming
// the most common reason and its count. Nothing when no file fell back. Returns the number of
// files that fell back.
std::size_t report_claude_fallbacks(const std::vector<report::FileOutcome> &outcomes, bool required,
                                    bool per_file, std::ostream &err);

} // namespace pmat::cli

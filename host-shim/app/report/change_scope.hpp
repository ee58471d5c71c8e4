// SPDX-License-Identifier: MIT
#pragma once
// What a review of a change (`pmat-host analyze --diff BASE`, a unified diff sent to the HTTP API
// or to MCP's analyze_diff) tells the report: which lines of each analysed file changed, and the
// changed files that were not analysed (deleted, binary, submodules). With a scope, the quality
// gate counts only the violations that touch the changed lines.

#include <cstdint>
#include <string>
#include <vector>

namespace pmat::report {

// Lines `first`..`last` (1-based, inclusive) of a file as it is after the change.
struct LineSpan {
   std::int64_t first = 1;
   std::int64_t last = 1;
   friend bool operator==(const LineSpan &, const LineSpan &) = default;
};

// A changed file the run did not analyse, and why ("binary file", "submodule").
struct SkippedChange {
   std::string path;
   std::string reason;
};

// A file reviewed under its new name.
struct Rename {
   std::string from;
   std::string to;
};

// The change a run reviews. `base` names what the change is against (a git revision, or "diff"
// for a diff sent by a client); the lists are in the diff's order.
struct ChangeScope {
   std::string base;
   std::vector<std::string> deleted;
   std::vector<SkippedChange> skipped;
   std::vector<Rename> renamed;
};

// True when some line of [first, last] is inside one of `spans`.
bool overlaps(const std::vector<LineSpan> &spans, std::int64_t first, std::int64_t last);

} // namespace pmat::report

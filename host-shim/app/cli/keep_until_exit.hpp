// SPDX-License-Identifier: MIT
// Leaving a one-shot command's large results to the end of the process instead of freeing them.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace pmat::cli {

// Keeps `owned` alive until the process exits, never destroying it. `pmat-host analyze` exits
// right after its report; freeing a whole tree's results and file list piece by piece (about
// 150,000 allocations for gnulib x10: a fifth of the time after the last file) only delays the
// exit, as Clang's BuryPointer avoids for its ASTs. The object stays reachable from a static, so
// LeakSanitizer does not report it. Only for what is no longer used: its destructor never runs.
// Thread: any.
template <typename T> void keep_until_exit(std::unique_ptr<T> owned) {
   static std::mutex mutex;
   static auto *kept = new std::vector<const void *>; // never destroyed: outlives every caller
   std::lock_guard lock(mutex);
   kept->push_back(owned.release());
}

} // namespace pmat::cli

// The result cache's second tiers: the disk directory (writable, how much it holds) and Redis
// when cache.redis is set (reachable, answers PING). A full or unwritable directory only costs
// hits (a warning); a configured Redis that does not answer is a failure of the configuration,
// although requests still succeed from L1 and disk.
#pragma once

#include "check.hpp"

namespace pmat::doctor {

void check_cache(Checks &out);

} // namespace pmat::doctor

// SPDX-License-Identifier: MIT
// Counts heap allocations while armed, through replaced global operator new/delete (defined in
// alloc_probe.cpp; link that file into a test binary to enable it). Used to prove "no
// allocation" and "no allocation bigger than the limit" claims.
#pragma once

#include <cstddef>

namespace pmat::bridge::test {

struct AllocStats {
   std::size_t count = 0;
   std::size_t largest = 0;
};

void alloc_probe_arm() noexcept;
AllocStats alloc_probe_disarm() noexcept;

} // namespace pmat::bridge::test

// SPDX-License-Identifier: MIT
// Stable bucketing, Unleash's `normalizedValue`: murmur3 x86_32 (seed 0) of "<salt>:<caller id>",
// mod 100, plus 1, so a caller lands in 1..100 and is in a rollout of p percent iff its value is
// <= p. The hash is fixed by its specification (test vectors in tests/bucket_tests.cpp), so a
// caller's bucket never moves across processes, versions or reloads (upstream used Rust's
// DefaultHasher, which may change between Rust releases). Raising p only adds callers; another
// salt gives an independent assignment.
#pragma once

#include <cstdint>
#include <string_view>

namespace pmat::flags {

// MurmurHash3_x86_32 (Austin Appleby's reference), little-endian reads.
std::uint32_t murmur3_x86_32(std::string_view bytes, std::uint32_t seed) noexcept;

// 1..100. No allocation for salt + id up to 512 bytes.
std::uint32_t normalized_value(std::string_view salt, std::string_view caller_id) noexcept;

inline bool in_percentage(std::uint32_t normalized, int percentage) noexcept {
   return percentage > 0 && normalized <= static_cast<std::uint32_t>(percentage);
}

} // namespace pmat::flags

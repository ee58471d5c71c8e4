// SPDX-License-Identifier: MIT
// The self-verifying entry format shared by the disk and Redis tiers (docs/cache.md "L2 entry").
// Header, little-endian, 96 bytes:
//   magic "PMATCENT" | u32 format 1 | u8 engine | u8 kind | u16 0 | u64 expires_at_unix_ns |
//   u64 payload_len | key digest[32] | SHA-256[32] over header bytes 0..63 and the payload
// A reader accepts an entry only if every field checks out, so a torn, truncated, bit-flipped or
// misfiled entry is detected and reported, never returned.
#pragma once

#include "key.hpp"
#include "value.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace pmat::cache {

inline constexpr std::size_t k_entry_header_size = 96;

std::string encode_entry(const Key &key, const Value &value, std::uint64_t expires_at_ns);

enum class DecodeStatus { Ok, Corrupt, WrongKey, Expired };

struct Decoded {
   DecodeStatus status = DecodeStatus::Corrupt;
   ValuePtr value;
};

// `now_ns` on the same (wall) clock as the expiry written by encode_entry.
Decoded decode_entry(std::string_view blob, const Key &expected, std::uint64_t now_ns);

} // namespace pmat::cache
